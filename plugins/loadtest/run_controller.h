// bb::plugins::loadtest — drives one LoadRun from the GUI thread: starts it, polls its samples
// and live histogram every 250 ms (the run itself never touches Qt), and reports the summary
// when it ends. The run's threads are joined off the GUI thread's critical path: LoadRun::stop
// only asks, and the poll notices the end.
#pragma once

#include "loadtest/load_run.h"
#include "run_record.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace bb::plugins::loadtest {

class RunController : public QObject {
    Q_OBJECT
public:
    static constexpr int kPollMs = 250;

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    /// Starts a run; false with `*error` set when the scenario does not validate or a run is
    /// already going.
    bool start(const bb::loadtest::Scenario &scenario, QString *error = nullptr);
    /// Asks the running run to end; the summary still arrives through finished().
    void stop();
    bool isRunning() const { return m_run != nullptr; }

    /// Requests and errors in the samples so far (kept as they arrive, for the status line).
    std::uint64_t requestsSoFar() const { return m_requests; }
    std::uint64_t errorsSoFar() const { return m_errors; }

signals:
    void started();
    /// New samples and the merged histogram so far; emitted once per poll that has any.
    void progressed(const std::vector<bb::loadtest::Sample> &fresh,
                    const bb::loadtest::Histogram &histogram);
    /// The run ended (by time, by count, by Stop or by an aborting threshold).
    void finished(const bb::plugins::loadtest::RunRecord &record);

private:
    void poll();

    std::unique_ptr<bb::loadtest::LoadRun> m_run;
    bb::loadtest::Scenario m_scenario;
    std::vector<bb::loadtest::Sample> m_samples;
    QDateTime m_startedAt;
    std::uint64_t m_requests = 0;
    std::uint64_t m_errors = 0;
    QTimer m_timer;
};

} // namespace bb::plugins::loadtest
