#include "tester/collection_runner.h"

#include "common/http_status.h"

#include "client/http_client.h"
#include "tester/request_builder.h"
#include "tester/script_engine.h"
#include "tester/variables.h"

#include <QElapsedTimer>
#include <QThread>

#include <condition_variable>
#include <mutex>

namespace bb::tester {

namespace {

void flatten(const workspace::Folder &folder, const QString &prefix,
             QList<QList<workspace::KeyValue>> folders, QList<PlannedRequest> &out)
{
    for (const workspace::HttpRequest &r : folder.requests)
        out.append({prefix + r.name, r, folders});
    for (const workspace::Folder &sub : folder.folders) {
        QList<QList<workspace::KeyValue>> inner = folders;
        inner.append(sub.variables);
        flatten(sub, prefix + sub.name + u'/', inner, out);
    }
}

struct FoundFolder {
    const workspace::Folder *folder = nullptr;
    QString prefix;
    QList<QList<workspace::KeyValue>> folders;
};

// Depth first, like newman's --folder: the first folder with that name wins.
bool findByName(const workspace::Folder &folder, const QString &name, const QString &prefix,
                const QList<QList<workspace::KeyValue>> &folders, FoundFolder &found)
{
    for (const workspace::Folder &sub : folder.folders) {
        QList<QList<workspace::KeyValue>> inner = folders;
        inner.append(sub.variables);
        if (sub.name == name) {
            found = {&sub, prefix + sub.name + u'/', inner};
            return true;
        }
        if (findByName(sub, name, prefix + sub.name + u'/', inner, found))
            return true;
    }
    return false;
}

/// Whether a transfer or a delay should stop; checked in short slices so cancel is prompt.
bool sleepUnlessCancelled(int ms, const std::atomic<bool> &cancel)
{
    QElapsedTimer t;
    t.start();
    while (!cancel.load() && t.elapsed() < ms)
        QThread::msleep(std::min<qint64>(20, ms - t.elapsed()));
    return !cancel.load();
}

} // namespace

bb::Result<QList<PlannedRequest>> planRun(const workspace::Collection &collection,
                                          const QString &folderPath)
{
    QList<PlannedRequest> out;
    if (folderPath.isEmpty()) {
        flatten(collection.root, {}, {}, out);
        return out;
    }
    // A '/'-separated path from the top first, then a folder name anywhere.
    const workspace::Folder *folder = &collection.root;
    QString prefix;
    QList<QList<workspace::KeyValue>> folders;
    for (const QString &part : folderPath.split(u'/', Qt::SkipEmptyParts)) {
        const workspace::Folder *next = nullptr;
        for (const workspace::Folder &sub : folder->folders)
            if (sub.name == part) {
                next = &sub;
                break;
            }
        if (!next) {
            folder = nullptr;
            break;
        }
        folder = next;
        prefix += part + u'/';
        folders.append(next->variables);
    }
    if (!folder) {
        FoundFolder found;
        if (!findByName(collection.root, folderPath, {}, {}, found))
            return Error::notFound(
                QStringLiteral("no folder '%1' in the collection").arg(folderPath));
        folder = found.folder;
        prefix = found.prefix;
        folders = found.folders;
    }
    flatten(*folder, prefix, folders, out);
    return out;
}

QString statusReason(int status)
{
    return httpReason(status);
}

/// Everything the worker thread needs, copied in so the caller may change its own at once.
struct CollectionRunner::Job {
    workspace::Collection collection;
    QList<PlannedRequest> plan;
    workspace::Environment environment;
    RunOptions options;
    std::shared_ptr<std::atomic<bool>> cancel;
    int generation = 0;
};

CollectionRunner::CollectionRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<bb::tester::RequestRun>();
    qRegisterMetaType<bb::tester::RunSummary>();
}

CollectionRunner::~CollectionRunner()
{
    cancel();
    join();
}

void CollectionRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void CollectionRunner::join()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void CollectionRunner::start(const workspace::Collection &collection, const QString &folderPath,
                             const workspace::Environment &environment, RunOptions options)
{
    cancel();
    join();
    static std::atomic<int> generations{0};
    auto job = std::make_shared<Job>();
    job->collection = collection;
    job->environment = environment;
    job->options = std::move(options);
    job->cancel = m_cancel = std::make_shared<std::atomic<bool>>(false);
    job->generation = ++generations;
    m_generation = job->generation;
    m_running = true;

    auto plan = planRun(collection, folderPath);
    QString error;
    if (!plan)
        error = plan.error().message;
    else
        job->plan = plan.value();
    if (error.isEmpty() && job->options.data.isEmpty() && !job->options.dataFile.isEmpty()) {
        auto rows = readDataFile(job->options.dataFile);
        if (!rows)
            error = rows.error().message;
        else
            job->options.data = rows.value();
    }
    if (!error.isEmpty()) {
        RunSummary summary;
        summary.collectionName = collection.name;
        summary.environmentName = environment.name;
        summary.started = summary.finished = QDateTime::currentDateTimeUtc();
        summary.error = error;
        const int gen = job->generation;
        QMetaObject::invokeMethod(
            this,
            [this, summary, gen] {
                if (gen != m_generation)
                    return;
                m_running = false;
                emit finished(summary);
            },
            Qt::QueuedConnection);
        return;
    }
    m_thread = QThread::create([this, job] { runJob(*job); });
    m_thread->setObjectName(QStringLiteral("bb-collection-runner"));
    m_thread->start();
}

// Runs on the worker thread. Results go back to the runner's thread as queued calls tagged with
// the run's generation, so a late result of a cancelled run never reaches a newer one.
void CollectionRunner::runJob(Job &job)
{
    const int gen = job.generation;
    auto post = [this, gen](auto fn) {
        QMetaObject::invokeMethod(
            this,
            [this, gen, fn] {
                if (gen == m_generation)
                    fn();
            },
            Qt::QueuedConnection);
    };
    const std::atomic<bool> &cancelled = *job.cancel;
    const RunOptions &o = job.options;
    const int iterations = o.iterations > 0 ? o.iterations : std::max<int>(1, int(o.data.size()));
    const int perIteration = int(job.plan.size());
    const int total = iterations * perIteration;

    RunSummary summary;
    summary.collectionName = job.collection.name;
    summary.environmentName = job.environment.name;
    summary.started = QDateTime::currentDateTimeUtc();

    ScriptEngine engine;
    client::HttpClient client;
    VariableScopes vars;
    vars.setScope(Scope::Collection, job.collection.variables);
    vars.setEnvironment(job.environment);

    post([this, perIteration, iterations] { emit started(perIteration, iterations); });
    int done = 0;
    bool stop = false;
    bool firstRequest = true;
    for (int it = 0; it < iterations && !stop && !cancelled.load(); ++it) {
        post([this, it, iterations] { emit iterationStarted(it, iterations); });
        // newman reuses the last row when there are more iterations than rows.
        vars.setScope(Scope::Data, o.data.isEmpty()
                                       ? QList<workspace::KeyValue>{}
                                       : o.data.at(std::min<qsizetype>(it, o.data.size() - 1)));
        vars.setScope(Scope::Local, {});
        // setNextRequest may jump around; bound the steps so a loop in the scripts still ends.
        const int maxSteps = std::max(1, perIteration) * 1000;
        int index = 0;
        for (int step = 0; index >= 0 && index < perIteration && !cancelled.load(); ++step) {
            if (step >= maxSteps) {
                summary.error = QStringLiteral("iteration %1 stopped after %2 requests: "
                                               "setNextRequest keeps looping")
                                    .arg(it + 1)
                                    .arg(maxSteps);
                stop = true;
                break;
            }
            if (!firstRequest && o.delayMs > 0 && !sleepUnlessCancelled(o.delayMs, cancelled))
                break;
            firstRequest = false;
            const PlannedRequest &planned = job.plan.at(index);
            post([this, it, index, name = planned.request.name] {
                emit requestStarted(it, index, name);
            });

            RequestRun run;
            run.iteration = it;
            run.position = index;
            run.path = planned.path;
            run.name = planned.request.name;
            workspace::HttpRequest request = planned.request;
            vars.setFolders(planned.folders);
            vars.setScope(Scope::Request, request.variables);

            ScriptContext ctx;
            ctx.variables = &vars;
            ctx.request = &request;
            ctx.response = nullptr;
            ctx.requestName = request.name;
            ctx.iteration = it;
            ctx.iterationCount = iterations;
            ctx.client = &client;

            std::optional<QString>
                next; // set by pm.execution.setNextRequest / postman.setNextRequest
            if (!request.preRequestScript.trimmed().isEmpty()) {
                run.ranPreRequestScript = true;
                const ScriptOutcome pre = engine.runPreRequest(request.preRequestScript, ctx);
                run.console += pre.console;
                if (!pre.ok())
                    run.preRequestError = {pre.error, pre.errorLine};
                if (pre.nextRequest)
                    next = pre.nextRequest;
                run.skipped = pre.ok() && pre.skipRequest;
            }

            client::HttpResponse response;
            // As newman: a failed pre-request script is reported, yet the request is still sent
            // and its tests still run (on an empty response when the request failed).
            if (!run.skipped) {
                auto built =
                    buildRequest(request, vars, request.settings.value_or(job.collection.settings));
                if (!built) {
                    run.method = request.method;
                    run.url = request.url;
                    run.error = built.error().message;
                } else {
                    client::HttpRequest wire = built->wire;
                    if (o.timeoutMs > 0 && (wire.timeoutMs <= 0 || o.timeoutMs < wire.timeoutMs))
                        wire.timeoutMs = o.timeoutMs;
                    run.method = QString::fromLatin1(wire.method);
                    run.url = wire.url;
                    std::mutex m;
                    std::condition_variable cv;
                    bool arrived = false;
                    client::Transfer transfer =
                        client.send(wire, [&](const client::HttpResponse &r) {
                            std::lock_guard lock(m);
                            response = r;
                            arrived = true;
                            cv.notify_one();
                        });
                    std::unique_lock lock(m);
                    bool cancelSent = false;
                    // Bounded: a cancelled transfer reports back within ~100 ms.
                    while (!cv.wait_for(lock, std::chrono::milliseconds(50),
                                        [&] { return arrived; })) {
                        if (cancelled.load() && !cancelSent) {
                            transfer.cancel();
                            cancelSent = true;
                        }
                    }
                    if (response.cancelled || cancelled.load())
                        break; // the request in flight is not a result
                    run.status = response.status;
                    run.statusText = statusReason(response.status);
                    run.responseBytes = response.bodySize;
                    run.timeMs =
                        response.timings.totalUs >= 0 ? response.timings.totalUs / 1000 : 0;
                    if (!response.ok())
                        run.error = response.error;
                }
            }

            if (!run.skipped && !request.testScript.trimmed().isEmpty()) {
                run.ranTestScript = true;
                ctx.response = &response;
                const ScriptOutcome tests = engine.runTests(request.testScript, ctx);
                run.console += tests.console;
                for (const TestResult &t : tests.tests)
                    run.tests.append({t.name, t.passed, t.error, t.skipped});
                if (!tests.ok())
                    run.testError = {tests.error, tests.errorLine};
                if (tests.nextRequest)
                    next = tests.nextRequest;
            }

            summary.executions.append(run);
            ++done;
            post([this, run, done, total] {
                emit requestFinished(run);
                emit progress(done, std::max(done, total));
            });
            if (o.bail && !run.passed()) {
                summary.bailed = true;
                stop = true;
                break;
            }
            if (next) {
                // An empty name is setNextRequest(null): this iteration ends here.
                index = -1;
                for (int k = 0; k < perIteration && !next->isEmpty(); ++k)
                    if (job.plan.at(k).request.name == *next) {
                        index = k;
                        break;
                    }
            } else {
                ++index;
            }
        }
    }

    summary.cancelled = cancelled.load();
    summary.tally(iterations);
    summary.finished = QDateTime::currentDateTimeUtc();
    workspace::Environment env;
    env.name = job.environment.name;
    for (const workspace::KeyValue &kv : vars.scope(Scope::Environment)) {
        workspace::Variable v{kv.name, kv.value, kv.enabled, false};
        for (const workspace::Variable &orig : job.environment.variables)
            if (orig.name == kv.name)
                v.secret = orig.secret;
        env.variables.append(v);
    }
    post([this, summary, env] {
        m_running = false;
        m_finalEnvironment = env;
        emit finished(summary);
    });
}

} // namespace bb::tester
