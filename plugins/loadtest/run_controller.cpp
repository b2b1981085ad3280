#include "run_controller.h"

namespace bb::plugins::loadtest {

RunController::RunController(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &RunController::poll);
}

RunController::~RunController()
{
    if (m_run)
        m_run->stop(); // the LoadRun destructor joins its threads
}

bool RunController::start(const bb::loadtest::Scenario &scenario, QString *error)
{
    if (m_run) {
        if (error)
            *error = tr("A run is already in progress.");
        return false;
    }
    auto run = std::make_unique<bb::loadtest::LoadRun>(scenario);
    if (const std::string why = run->validate(); !why.empty()) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    m_scenario = scenario;
    m_samples.clear();
    m_requests = m_errors = 0;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_run = std::move(run);
    m_run->start();
    m_timer.start();
    emit started();
    return true;
}

void RunController::stop()
{
    if (m_run)
        m_run->stop();
}

void RunController::poll()
{
    if (!m_run)
        return;
    const bool done = !m_run->running();
    std::vector<bb::loadtest::Sample> fresh = m_run->takeSamples();
    if (!fresh.empty()) {
        m_samples.insert(m_samples.end(), fresh.begin(), fresh.end());
        for (const auto &s : fresh) {
            m_requests += s.requests;
            m_errors += s.errors;
        }
        emit progressed(fresh, m_run->liveHistogram());
    }
    if (!done)
        return;
    auto summary = m_run->summary();
    if (!summary)
        return; // finishing: the summary follows on a later poll
    m_timer.stop();
    RunRecord record;
    record.startedAt = m_startedAt;
    record.id = runId(m_startedAt);
    record.scenario = m_scenario;
    record.samples = m_samples;
    record.summary = std::make_shared<const bb::loadtest::Summary>(std::move(*summary));
    m_run.reset();
    emit finished(record);
}

} // namespace bb::plugins::loadtest
