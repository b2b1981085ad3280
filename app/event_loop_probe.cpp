#include "app/event_loop_probe.h"

#include "engine/engine.h"
#include "engine/engine_controller.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdio>

namespace bb::app {

namespace {
constexpr int kIntervalMs = 5;
}

EventLoopProbe::EventLoopProbe(engine::EngineController *controller, int seconds, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_seconds(seconds)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::tick);
    connect(controller, &engine::EngineController::stateChanged, this, [this](auto state) {
        if (state == engine::EngineController::State::Running)
            begin();
        else if (state == engine::EngineController::State::Failed) {
            std::fprintf(stderr, "event-loop probe: the engine failed to start: %s\n",
                         qPrintable(m_controller->lastError()));
            QCoreApplication::exit(1);
        }
    });
}

void EventLoopProbe::begin()
{
    if (m_started)
        return;
    m_started = true;
    std::printf("engine_url=%s\n", qPrintable(m_controller->baseUrl().toString()));
    std::fflush(stdout);
    m_stallsMs.reserve(std::size_t(m_seconds) * (1000 / kIntervalMs) + 16);
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
    QTimer::singleShot(m_seconds * 1000, this, &EventLoopProbe::report);
}

void EventLoopProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_stallsMs.push_back(std::max(0.0, double(now - m_lastNs) / 1e6 - kIntervalMs));
    m_lastNs = now;
}

void EventLoopProbe::report()
{
    m_timer.stop();
    std::vector<double> sorted = m_stallsMs;
    std::sort(sorted.begin(), sorted.end());
    const double maxMs = sorted.empty() ? 0 : sorted.back();
    const double p99Ms = sorted.empty() ? 0 : sorted[std::size_t(double(sorted.size() - 1) * 0.99)];
    const engine::Engine *engine = m_controller->engine();
    std::printf("event_loop_max_stall_ms=%.1f\nevent_loop_p99_stall_ms=%.1f\nevent_loop_ticks=%zu\n"
                "engine_requests=%lld\n",
                maxMs, p99Ms, sorted.size(),
                engine ? (long long)engine->stats().requestsTotal : -1LL);
    std::fflush(stdout);
    QCoreApplication::exit(0);
}

} // namespace bb::app
