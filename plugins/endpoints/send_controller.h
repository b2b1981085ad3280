// bb::plugins::endpoints — one send of one request: variables resolved and the wire request
// built (bb::tester), sent on the HTTP client's worker thread, and the outcome handed back on
// the GUI thread. Cancellable at any point.
#pragma once

#include "client/http_client.h"
#include "tester/request_builder.h"
#include "tester/script_engine.h"
#include "tester/variables.h"
#include "workspace/request.h"

#include <QDateTime>
#include <QObject>

#include <memory>
#include <optional>

namespace bb::plugins::endpoints {

class ScriptThread;

/// What one send produced; `error` is set when the request could not be built or sent.
struct SendOutcome {
    workspace::HttpRequest request; ///< as edited (variables unresolved)
    client::HttpRequest wire;       ///< as sent
    client::HttpResponse response;  ///< status 0 when nothing arrived
    QString traceId;                ///< the traceparent's trace id we sent
    QStringList unresolved;         ///< `{{names}}` no scope defined
    QString error;                  ///< build error, transport error or "cancelled"
    QDateTime startedAt;
    bool cancelled = false;
    QList<tester::TestResult> tests; ///< from the tests script
    QStringList console;             ///< console.log lines of both scripts
    QString scriptError;             ///< "Pre-request script, line 3: ..." or empty
    /// The scopes after the scripts ran (pm.environment.set & co. land here).
    tester::VariableScopes variables;
    /// The scopes as the send started: what differs in `variables` is what the scripts changed.
    tester::VariableScopes variablesBefore;
};

class SendController : public QObject {
    Q_OBJECT
public:
    /// `client` must outlive this controller.
    explicit SendController(client::HttpClient *client, QObject *parent = nullptr);
    /// Stops a running script and joins the script thread.
    ~SendController() override;

    /// Starts a send: the pre-request script (on a worker thread), the build, the transfer, then
    /// the tests script (on a worker thread). A send still running is cancelled first. Returns
    /// false (and emits finished with the error) when the request cannot be built at once.
    bool send(const workspace::HttpRequest &request, const tester::VariableScopes &variables,
              const workspace::RequestSettings &collectionSettings,
              const tester::BuildOptions &options = {});
    void cancel();
    bool isRunning() const { return m_scriptRunning || m_transfer.has_value(); }
    /// Bytes moved by the running send.
    client::TransferProgress progress() const;

signals:
    void started();
    void finished(const bb::plugins::endpoints::SendOutcome &outcome);

private:
    /// Runs `script` on the script thread (its engine is reused), then `then` on ours.
    void runScript(bool preRequest, SendOutcome outcome, std::function<void(SendOutcome)> then);
    bool build(SendOutcome outcome, quint64 generation);
    void transfer(SendOutcome outcome, quint64 generation);
    void finish(SendOutcome outcome);

    client::HttpClient *m_client;
    workspace::RequestSettings m_collectionSettings;
    tester::BuildOptions m_options;
    bool m_scriptRunning = false;
    std::optional<client::Transfer> m_transfer;
    quint64 m_generation = 0; ///< a cancelled send's late callback is dropped
    /// Declared last, so destroyed first: the script thread is joined before anything else goes.
    std::unique_ptr<ScriptThread> m_scripts;
};

} // namespace bb::plugins::endpoints

Q_DECLARE_METATYPE(bb::plugins::endpoints::SendOutcome)
