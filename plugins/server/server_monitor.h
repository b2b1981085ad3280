// bb::plugins::server — polls the running engine into the panel's models while the panel is
// visible.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace bb::engine {
class EngineController;
}

namespace bb::plugins::server {

class LiveStatsModel;
class RecentRequestsModel;
class RouteTableModel;

/// The engine never calls into the GUI; this reads it on a timer instead (DESIGN §1). Each poll
/// takes at most kBatch recent requests, so one tick stays cheap at any request rate.
class ServerMonitor : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 300;
    static constexpr std::size_t kBatch = 2000;

    explicit ServerMonitor(engine::EngineController *controller, QObject *parent = nullptr);

    LiveStatsModel *stats() const { return m_stats; }
    RecentRequestsModel *requests() const { return m_requests; }
    RouteTableModel *routes() const { return m_routes; }

    /// Polls on a timer while active (the panel is visible); idle otherwise.
    void setActive(bool active);
    bool isActive() const { return m_timer.isActive(); }
    void setInterval(int ms) { m_timer.setInterval(ms); }

public slots:
    /// One refresh; a no-op while the engine is not running.
    void poll();

signals:
    void polled();

private:
    void onStateChanged();

    engine::EngineController *m_controller;
    LiveStatsModel *m_stats;
    RecentRequestsModel *m_requests;
    RouteTableModel *m_routes;
    QTimer m_timer;
    QElapsedTimer m_clock;
    bool m_routesLoaded = false;
};

} // namespace bb::plugins::server
