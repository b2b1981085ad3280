// bb::tester — runs a collection the way newman does: requests in order, iterations over data
// rows, scripts before and after each request, results as they happen. The work runs on a
// thread of the runner's own (its own ScriptEngine and HttpClient), so a GUI never waits on it;
// every signal is emitted on the thread the runner lives in.
#pragma once

#include "common/result.h"
#include "tester/run_data.h"
#include "tester/run_results.h"
#include "workspace/request.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace bb::tester {

struct RunOptions {
    /// Iterations to run; <= 0 means one per data row (one when there is no data).
    int iterations = 1;
    /// CSV or JSON iteration data, read when the run starts (see readDataFile); ignored when
    /// `data` is not empty.
    QString dataFile;
    /// Rows already read by the caller (the CLI reads them first to report errors as usage errors).
    QList<DataRow> data;
    int delayMs = 0;   ///< pause between requests
    bool bail = false; ///< stop at the first failed test, script or request
    int timeoutMs = 0; ///< per request; 0 = the request's own settings
};

/// One request of the run order, with the folder variables around it.
struct PlannedRequest {
    QString path; ///< "Folder/Sub/Request name"
    workspace::HttpRequest request;
    QList<QList<workspace::KeyValue>> folders; ///< outer first
};

/// The run order of a collection (or of the folder at folderPath, '/'-separated, or of the first
/// folder anywhere with that name, as newman's --folder): each folder's requests, then its
/// subfolders, depth first. An unknown folder is an error naming it.
bb::Result<QList<PlannedRequest>> planRun(const workspace::Collection &collection,
                                          const QString &folderPath = {});

/// The reason phrase of a status code ("OK", "Not Found"), or empty when unknown.
QString statusReason(int status);

class CollectionRunner : public QObject {
    Q_OBJECT
public:
    explicit CollectionRunner(QObject *parent = nullptr);
    /// Cancels a run still going and waits for its thread (at most about a transfer's cancel time).
    ~CollectionRunner() override;

    /// Starts a run; returns at once. A run already going is cancelled first. Problems found
    /// before the first request (unknown folder, unreadable data) end the run at once with
    /// RunSummary::error set.
    void start(const workspace::Collection &collection, const QString &folderPath,
               const workspace::Environment &environment, RunOptions options);
    /// Stops the run at once: the request in flight is abandoned, and finished() follows with
    /// cancelled set. Safe to call at any time.
    void cancel();
    bool isRunning() const { return m_running; }
    /// The environment as the scripts left it, once finished() was emitted.
    workspace::Environment finalEnvironment() const { return m_finalEnvironment; }

signals:
    void started(int requestCount, int iterationCount);
    void iterationStarted(int iteration, int iterationCount);
    void requestStarted(int iteration, int position, const QString &name);
    void requestFinished(const bb::tester::RequestRun &run);
    /// done of total planned request executions (iterations × requests).
    void progress(int done, int total);
    void finished(const bb::tester::RunSummary &summary);

private:
    struct Job;
    void join();
    void runJob(Job &job);

    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
    workspace::Environment m_finalEnvironment;
    int m_generation = 0; ///< the run whose results are current; older ones are dropped
};

} // namespace bb::tester
