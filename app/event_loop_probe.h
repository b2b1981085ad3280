// bb::app — `--event-loop-probe SECONDS`: how late the GUI thread gets while the embedded
// engine is under load, the figure behind "updates live without freezing" (DESIGN §5).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace bb::engine {
class EngineController;
}

namespace bb::app {

/// Once the engine runs, fires a 5 ms timer for `seconds` and records how late each tick
/// arrives; then prints `event_loop_max_stall_ms=`, `event_loop_p99_stall_ms=`,
/// `event_loop_ticks=` and `engine_requests=` lines on stdout and quits with exit code 0.
class EventLoopProbe : public QObject {
    Q_OBJECT
public:
    EventLoopProbe(engine::EngineController *controller, int seconds, QObject *parent);

private:
    void begin();
    void tick();
    void report();

    engine::EngineController *m_controller;
    int m_seconds;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    std::vector<double> m_stallsMs; ///< lateness of each tick beyond its interval
    bool m_started = false;
};

} // namespace bb::app
