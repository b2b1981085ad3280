// bb::tester — runs Postman-style pre-request and test scripts (`pm.*`, chai's expect, the old
// `tests[...]`/`postman.*` globals) on QJSEngine, against the variable scopes and the request or
// response at hand. docs/scripting.md lists what is supported.
#pragma once

#include "client/http_client.h"
#include "client/http_types.h"
#include "tester/variables.h"
#include "workspace/request.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

class QJSEngine;

namespace bb::tester {

struct TestResult {
    QString name;
    bool passed = false;
    QString error;        ///< why it failed, in chai's or Postman's words; empty when passed
    bool skipped = false; ///< pm.test.skip: listed, not run (passed stays true)
};

struct ScriptOutcome {
    QList<TestResult> tests;
    QStringList console; ///< console.log lines; other levels start with "[warn] " etc.
    QString error;       ///< the script's own error (syntax, uncaught throw, timeout), or empty
    int errorLine = -1;  ///< 1-based line in the user's script, when known
    bool timedOut = false;
    /// pm.execution.setNextRequest / postman.setNextRequest: unset = not called; an empty
    /// string = setNextRequest(null), i.e. stop the run after this request.
    std::optional<QString> nextRequest;
    bool skipRequest = false; ///< pm.execution.skipRequest() in a pre-request script

    /// The script ran to its end (its tests may still have failed).
    bool ok() const { return error.isEmpty(); }
    bool allPassed() const;
};

struct ScriptContext {
    VariableScopes *variables = nullptr;
    workspace::HttpRequest *request = nullptr;      ///< a pre-request script's changes land here
    const client::HttpResponse *response = nullptr; ///< null before sending
    QString requestName;
    int iteration = 0;
    int iterationCount = 1;
    client::HttpClient *client = nullptr; ///< for pm.sendRequest; null = it reports an error
};

/// One QJSEngine; create, use and destroy it on one thread (any thread, not only the GUI's).
class ScriptEngine {
public:
    static constexpr int defaultTimeoutMs = 10'000;
    static constexpr int maxSendRequests = 50; ///< per script run

    ScriptEngine();
    ~ScriptEngine();
    ScriptEngine(const ScriptEngine &) = delete;
    ScriptEngine &operator=(const ScriptEngine &) = delete;

    /// How long one script may run, pm.sendRequest waits included, before it is interrupted.
    void setTimeoutMs(int ms) { m_timeoutMs = ms > 0 ? ms : defaultTimeoutMs; }
    int timeoutMs() const { return m_timeoutMs; }

    /// Stops the script running now (any thread may call this): the script ends with an error
    /// and a pm.sendRequest wait is cut short. Does nothing while no script runs.
    void interrupt();

    ScriptOutcome runPreRequest(const QString &script, ScriptContext &context);
    ScriptOutcome runTests(const QString &script, ScriptContext &context);

private:
    ScriptOutcome run(const QString &script, ScriptContext &context, const QString &eventName);

    std::unique_ptr<QJSEngine> m_engine;
    QString m_setupError; ///< the prelude failed to load (a build problem), reported per run
    int m_timeoutMs = defaultTimeoutMs;
    std::mutex m_interruptMutex; ///< orders interrupt() with a run's start and end
    bool m_running = false;      ///< under m_interruptMutex
    std::atomic<bool> m_interrupted{false};
};

} // namespace bb::tester
