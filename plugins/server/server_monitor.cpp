#include "server_monitor.h"

#include "engine/engine.h"
#include "engine/engine_controller.h"
#include "live_stats_model.h"
#include "recent_requests_model.h"
#include "route_table_model.h"

namespace bb::plugins::server {

ServerMonitor::ServerMonitor(engine::EngineController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_stats(new LiveStatsModel(this))
    , m_requests(new RecentRequestsModel(this))
    , m_routes(new RouteTableModel(this))
{
    m_clock.start();
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ServerMonitor::poll);
    if (m_controller) {
        connect(m_controller, &engine::EngineController::stateChanged, this,
                &ServerMonitor::onStateChanged);
    }
    onStateChanged();
}

void ServerMonitor::setActive(bool active)
{
    if (active && !m_timer.isActive()) {
        m_timer.start();
        poll(); // show fresh numbers at once, not one interval later
    } else if (!active) {
        m_timer.stop();
    }
}

void ServerMonitor::onStateChanged()
{
    using State = engine::EngineController::State;
    const State state = m_controller ? m_controller->state() : State::Stopped;
    if (state == State::Running) {
        // A new engine instance: its counters and request numbers start from zero.
        m_stats->reset();
        m_requests->restartSequence();
        m_routesLoaded = false;
        m_routes->setBaseUrl(m_controller->baseUrl().toString());
        poll();
    } else if (state == State::Stopped || state == State::Failed) {
        m_stats->reset();
    }
}

void ServerMonitor::poll()
{
    engine::Engine *engine = m_controller ? m_controller->engine() : nullptr;
    if (!engine)
        return;
    if (!m_routesLoaded) {
        m_routes->setBaseUrl(engine->baseUrl());
        m_routes->setRoutes(engine->routes());
        m_routesLoaded = true;
    }
    m_stats->addSample(engine->stats(), m_clock.elapsed());
    m_requests->append(engine->recentRequests(m_requests->lastSeq(), kBatch));
    emit polled();
}

} // namespace bb::plugins::server
