#include "tester/script_engine.h"

#include "tester/script_host_p.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJSEngine>
#include <QRegularExpression>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

namespace bb::tester {

using workspace::Body;

namespace {

// The user's script runs inside a function so its top-level `var`s stay local to one run; the
// wrapper adds one line before it, which line numbers take off again.
const QString kUserFile = QStringLiteral("user-script");
constexpr int kWrapperLines = 1;
constexpr int kSendRequestWaitMs = 30'000;
constexpr qint64 kMaxBodyFromFile = 32 * 1024 * 1024;

/// Interrupts the engine when the script outlives its time. Joined before the run returns.
class Watchdog {
public:
    Watchdog(QJSEngine *engine, int ms)
        : m_thread([this, engine, ms] {
            std::unique_lock lock(m_mutex);
            if (!m_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_done; })) {
                m_fired = true;
                engine->setInterrupted(true);
            }
        })
    {}
    ~Watchdog() { stop(); }
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }
    bool fired() const { return m_fired; }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::atomic<bool> m_fired{false};
    std::thread m_thread;
};

/// The 1-based user-script line of an error: the first stack frame in the user's file (an
/// error thrown inside the prelude, e.g. by pm.response.json(), points at the user's call).
int userLine(const QJSValue &error)
{
    static const QRegularExpression frame(QStringLiteral("file:user-script:(\\d+)"));
    const auto m = frame.match(error.property(QStringLiteral("stack")).toString());
    int line = -1;
    if (m.hasMatch())
        line = m.captured(1).toInt();
    else if (error.property(QStringLiteral("fileName")).toString().endsWith(kUserFile))
        line = error.property(QStringLiteral("lineNumber")).toInt();
    return line > kWrapperLines ? line - kWrapperLines : (line > 0 ? 1 : -1);
}

/// Sets data.body, or data.bodyError when the body is too big to hand to a script (it is then
/// never read) or cannot be read; pm.js throws bodyError from text(), json() and responseBody.
void setBody(QJSValue &data, const client::HttpResponse &r)
{
    if (!r.bodyFile) {
        data.setProperty(QStringLiteral("body"), QString::fromUtf8(r.body));
        return;
    }
    QFile f(r.bodyFilePath());
    const qint64 size = f.size();
    if (size > kMaxBodyFromFile) {
        data.setProperty(QStringLiteral("bodyError"),
                         QStringLiteral("the response body is %1 bytes, over the %2-byte limit "
                                        "scripts can read; pm.response.code, headers and "
                                        "responseSize still work")
                             .arg(size)
                             .arg(kMaxBodyFromFile));
        return;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        data.setProperty(QStringLiteral("bodyError"),
                         QStringLiteral("cannot read the response body (%1 bytes): %2")
                             .arg(size)
                             .arg(f.errorString()));
        return;
    }
    data.setProperty(QStringLiteral("body"), QString::fromUtf8(f.readAll()));
}

QJSValue responseData(QJSEngine &e, const client::HttpResponse &r)
{
    QJSValue o = e.newObject();
    o.setProperty(QStringLiteral("code"), r.status);
    QJSValue headers = e.newArray(quint32(r.headers.size()));
    for (qsizetype i = 0; i < r.headers.size(); ++i) {
        QJSValue h = e.newObject();
        h.setProperty(QStringLiteral("key"), QString::fromUtf8(r.headers[i].first));
        h.setProperty(QStringLiteral("value"), QString::fromUtf8(r.headers[i].second));
        headers.setProperty(quint32(i), h);
    }
    o.setProperty(QStringLiteral("headers"), headers);
    setBody(o, r);
    o.setProperty(QStringLiteral("responseTime"),
                  r.timings.totalUs >= 0 ? double(r.timings.totalUs / 1000) : 0.0);
    o.setProperty(QStringLiteral("responseSize"), double(r.bodySize));
    return o;
}

QString bodyMode(Body::Kind kind)
{
    switch (kind) {
    case Body::Kind::None:
        return {};
    case Body::Kind::Raw:
        return QStringLiteral("raw");
    case Body::Kind::UrlEncoded:
        return QStringLiteral("urlencoded");
    case Body::Kind::Multipart:
        return QStringLiteral("formdata");
    case Body::Kind::File:
        return QStringLiteral("file");
    case Body::Kind::GraphQl:
        return QStringLiteral("graphql");
    }
    return {};
}

QJSValue keyValues(QJSEngine &e, const QList<workspace::KeyValue> &list)
{
    QJSValue a = e.newArray(quint32(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        QJSValue h = e.newObject();
        h.setProperty(QStringLiteral("key"), list[i].name);
        h.setProperty(QStringLiteral("value"), list[i].value);
        h.setProperty(QStringLiteral("disabled"), !list[i].enabled);
        a.setProperty(quint32(i), h);
    }
    return a;
}

QJSValue requestData(QJSEngine &e, const workspace::HttpRequest &r)
{
    QJSValue o = e.newObject();
    o.setProperty(QStringLiteral("url"), r.url);
    o.setProperty(QStringLiteral("method"), r.method);
    o.setProperty(QStringLiteral("headers"), keyValues(e, r.headers));
    QJSValue body = e.newObject();
    body.setProperty(QStringLiteral("mode"), bodyMode(r.body.kind));
    if (r.body.kind == Body::Kind::Raw)
        body.setProperty(QStringLiteral("raw"), r.body.text);
    QList<workspace::KeyValue> fields;
    for (const auto &f : r.body.fields)
        fields.append({f.name, f.value, f.enabled});
    if (r.body.kind == Body::Kind::UrlEncoded)
        body.setProperty(QStringLiteral("urlencoded"), keyValues(e, fields));
    if (r.body.kind == Body::Kind::Multipart) {
        QJSValue a = keyValues(e, fields);
        for (qsizetype i = 0; i < r.body.fields.size(); ++i) {
            const bool file = !r.body.fields[i].filePath.isEmpty();
            a.property(quint32(i))
                .setProperty(QStringLiteral("type"),
                             file ? QStringLiteral("file") : QStringLiteral("text"));
            if (file)
                a.property(quint32(i))
                    .setProperty(QStringLiteral("src"), r.body.fields[i].filePath);
        }
        body.setProperty(QStringLiteral("formdata"), a);
    }
    if (r.body.kind == Body::Kind::File) {
        QJSValue f = e.newObject();
        f.setProperty(QStringLiteral("src"), r.body.filePath);
        body.setProperty(QStringLiteral("file"), f);
    }
    if (r.body.kind == Body::Kind::GraphQl) {
        QJSValue g = e.newObject();
        g.setProperty(QStringLiteral("query"), r.body.text);
        g.setProperty(QStringLiteral("variables"), r.body.graphqlVariables);
        body.setProperty(QStringLiteral("graphql"), g);
    }
    o.setProperty(QStringLiteral("body"), body);
    return o;
}

QList<workspace::KeyValue> readKeyValues(const QJSValue &array)
{
    QList<workspace::KeyValue> out;
    const int n = array.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < n; ++i) {
        const QJSValue h = array.property(quint32(i));
        out.append({h.property(QStringLiteral("key")).toString(),
                    h.property(QStringLiteral("value")).toString(),
                    !h.property(QStringLiteral("disabled")).toBool()});
    }
    return out;
}

/// A pre-request script's changes to pm.request, back into the edited request.
void applyRequestData(const QJSValue &data, workspace::HttpRequest &r)
{
    r.url = data.property(QStringLiteral("url")).toString();
    r.method = data.property(QStringLiteral("method")).toString();
    r.headers = readKeyValues(data.property(QStringLiteral("headers")));
    const QJSValue body = data.property(QStringLiteral("body"));
    const QString mode = body.property(QStringLiteral("mode")).toString();
    if (mode == QLatin1String("raw")) {
        if (r.body.kind != Body::Kind::Raw)
            r.body = {};
        r.body.kind = Body::Kind::Raw;
        r.body.text = body.property(QStringLiteral("raw")).toString();
    } else if (mode == QLatin1String("urlencoded")) {
        if (r.body.kind != Body::Kind::UrlEncoded)
            r.body = {};
        r.body.kind = Body::Kind::UrlEncoded;
        r.body.fields.clear();
        for (const auto &kv : readKeyValues(body.property(QStringLiteral("urlencoded"))))
            r.body.fields.append({kv.name, kv.value, {}, {}, kv.enabled});
    } else if (mode == QLatin1String("graphql")) {
        const QJSValue g = body.property(QStringLiteral("graphql"));
        r.body.kind = Body::Kind::GraphQl;
        r.body.text = g.property(QStringLiteral("query")).toString();
        r.body.graphqlVariables = g.property(QStringLiteral("variables")).toString();
    } else if (mode.isEmpty()) {
        r.body = {};
    }
    // formdata and file bodies name files on disk; scripts cannot change those.
}

client::HttpRequest wireRequest(const QJSValue &p)
{
    client::HttpRequest r;
    r.url = p.property(QStringLiteral("url")).toString();
    r.method = p.property(QStringLiteral("method")).toString().toLatin1();
    for (const auto &kv : readKeyValues(p.property(QStringLiteral("headers"))))
        r.headers.append({kv.name.toUtf8(), kv.value.toUtf8()});
    const QString body = p.property(QStringLiteral("body")).toString();
    if (!body.isEmpty()) {
        r.body.kind = client::RequestBody::Kind::Bytes;
        r.body.bytes = body.toUtf8();
    }
    return r;
}

} // namespace

bool ScriptOutcome::allPassed() const
{
    return ok() &&
           std::all_of(tests.begin(), tests.end(), [](const TestResult &t) { return t.passed; });
}

ScriptEngine::ScriptEngine()
    : m_engine(std::make_unique<QJSEngine>())
{
    for (const char *name : {":/bb/tester/chai.js", ":/bb/tester/pm.js"}) {
        QFile file(QString::fromLatin1(name));
        if (!file.open(QIODevice::ReadOnly)) {
            m_setupError = QStringLiteral("internal: the script prelude %1 is missing")
                               .arg(QString::fromLatin1(name));
            return;
        }
        const QJSValue r =
            m_engine->evaluate(QString::fromUtf8(file.readAll()), QString::fromLatin1(name));
        if (r.isError()) {
            m_setupError = QStringLiteral("internal: %1 failed: %2 (line %3)")
                               .arg(QString::fromLatin1(name), r.toString())
                               .arg(r.property(QStringLiteral("lineNumber")).toInt());
            return;
        }
    }
}

ScriptEngine::~ScriptEngine() = default;

void ScriptEngine::interrupt()
{
    // Under the lock, so an interrupt aimed at a run that is just ending cannot stop the next.
    std::lock_guard lock(m_interruptMutex);
    if (!m_running)
        return;
    m_interrupted = true;
    m_engine->setInterrupted(true); // QJSEngine allows this from any thread
}

ScriptOutcome ScriptEngine::runPreRequest(const QString &script, ScriptContext &context)
{
    return run(script, context, QStringLiteral("prerequest"));
}

ScriptOutcome ScriptEngine::runTests(const QString &script, ScriptContext &context)
{
    return run(script, context, QStringLiteral("test"));
}

ScriptOutcome ScriptEngine::run(const QString &script, ScriptContext &context,
                                const QString &eventName)
{
    ScriptOutcome outcome;
    if (script.trimmed().isEmpty())
        return outcome;
    if (!m_setupError.isEmpty()) {
        outcome.error = m_setupError;
        return outcome;
    }
    QJSEngine &e = *m_engine;
    VariableScopes scratch; // when the caller has no scopes, variables live for this run only
    ScriptHost host(context.variables ? *context.variables : scratch, outcome);

    QJSValue ctx = e.newObject();
    ctx.setProperty(QStringLiteral("eventName"), eventName);
    ctx.setProperty(QStringLiteral("requestName"), context.requestName);
    ctx.setProperty(QStringLiteral("iteration"), context.iteration);
    ctx.setProperty(QStringLiteral("iterationCount"), context.iterationCount);
    ctx.setProperty(QStringLiteral("request"),
                    requestData(e, context.request ? *context.request : workspace::HttpRequest{}));
    ctx.setProperty(QStringLiteral("response"), context.response
                                                    ? responseData(e, *context.response)
                                                    : QJSValue(QJSValue::NullValue));

    QJSValue hostValue = e.newQObject(&host);
    QJSEngine::setObjectOwnership(&host, QJSEngine::CppOwnership);
    const QJSValue session =
        e.globalObject().property(QStringLiteral("__bbSession")).call({hostValue, ctx});
    if (session.isError()) {
        outcome.error = QStringLiteral("internal: %1").arg(session.toString());
        return outcome;
    }
    QStringList names;
    QJSValueList args;
    const QJSValue nameArray = session.property(QStringLiteral("names"));
    const QJSValue argArray = session.property(QStringLiteral("args"));
    const int count = nameArray.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < count; ++i) {
        names.append(nameArray.property(quint32(i)).toString());
        args.append(argArray.property(quint32(i)));
    }

    const auto fail = [&](const QJSValue &error) {
        if (!outcome.error.isEmpty())
            return;
        outcome.error = error.toString();
        outcome.errorLine = userLine(error);
    };

    QElapsedTimer clock;
    clock.start();
    Watchdog watchdog(&e, m_timeoutMs);
    {
        std::lock_guard lock(m_interruptMutex);
        m_interrupted = false;
        m_running = true;
    }
    const QJSValue fn = e.evaluate(
        QStringLiteral("(function (%1) {\n%2\n})").arg(names.join(u','), script), kUserFile, 1);
    if (fn.isError()) {
        fail(fn);
    } else {
        const QJSValue r = fn.call(args);
        if (r.isError())
            fail(r);
    }

    // pm.sendRequest callbacks run after the script body, oldest first, as in Postman.
    int sent = 0;
    while (outcome.error.isEmpty() && !watchdog.fired() && !m_interrupted) {
        const QJSValue next =
            session.property(QStringLiteral("nextPending")).callWithInstance(session);
        if (next.isError()) {
            fail(next);
            break;
        }
        if (next.isNull() || next.isUndefined())
            break;
        const QJSValue id = next.property(QStringLiteral("id"));
        QJSValue errorText(QJSValue::NullValue), responseValue(QJSValue::UndefinedValue);
        if (++sent > maxSendRequests) {
            outcome.error = QStringLiteral("pm.sendRequest: more than %1 requests in one script")
                                .arg(maxSendRequests);
            break;
        }
        if (!context.client) {
            errorText = QStringLiteral("pm.sendRequest: no HTTP client is available here");
        } else {
            auto promise = std::make_shared<std::promise<client::HttpResponse>>();
            auto future = promise->get_future();
            client::Transfer transfer = context.client->send(
                wireRequest(next.property(QStringLiteral("request"))),
                [promise](const client::HttpResponse &r) { promise->set_value(r); });
            const qint64 left = qMax<qint64>(0, m_timeoutMs - clock.elapsed());
            const qint64 wait = qMin<qint64>(left, kSendRequestWaitMs);
            // In slices, so interrupt() does not wait for a slow server.
            QElapsedTimer waited;
            waited.start();
            bool ready = false;
            while (!m_interrupted && !ready && waited.elapsed() < wait)
                ready = future.wait_for(std::chrono::milliseconds(qMin<qint64>(
                            50, wait - waited.elapsed()))) == std::future_status::ready;
            if (!ready) {
                transfer.cancel();
                errorText = QStringLiteral("pm.sendRequest: no answer within %1 ms").arg(wait);
            } else {
                const client::HttpResponse response = future.get();
                if (!response.ok())
                    errorText = QStringLiteral("pm.sendRequest: %1").arg(response.error);
                else
                    responseValue = responseData(e, response);
            }
        }
        const QJSValue r = session.property(QStringLiteral("deliver"))
                               .callWithInstance(session, {id, errorText, responseValue});
        if (r.isError())
            fail(r);
    }
    watchdog.stop();
    const bool timedOut = watchdog.fired();
    bool interrupted = false;
    {
        std::lock_guard lock(m_interruptMutex);
        m_running = false;
        interrupted = m_interrupted.exchange(false);
        e.setInterrupted(false);
    }
    if (interrupted) {
        outcome.error = QStringLiteral("the script was stopped");
        outcome.errorLine = -1;
    }
    if (timedOut) {
        outcome.timedOut = true;
        outcome.error =
            QStringLiteral("the script ran longer than %1 ms and was stopped").arg(m_timeoutMs);
        outcome.errorLine = -1;
    }

    const QJSValue finished = session.property(QStringLiteral("finish")).callWithInstance(session);
    if (finished.isError()) {
        fail(finished);
        e.globalObject().property(QStringLiteral("__bbResetGlobals")).call();
        return outcome;
    }
    const QJSValue tests = finished.property(QStringLiteral("tests"));
    const int n = tests.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < n; ++i) {
        const QJSValue t = tests.property(quint32(i));
        outcome.tests.append({t.property(QStringLiteral("name")).toString(),
                              t.property(QStringLiteral("passed")).toBool(),
                              t.property(QStringLiteral("error")).toString(),
                              t.property(QStringLiteral("skipped")).toBool()});
    }
    if (eventName == QLatin1String("prerequest") && context.request && !timedOut)
        applyRequestData(finished.property(QStringLiteral("request")), *context.request);
    e.globalObject().property(QStringLiteral("__bbResetGlobals")).call();
    return outcome;
}

} // namespace bb::tester
