#include "send_controller.h"

#include "script_thread.h"

#include <memory>

namespace bb::plugins::endpoints {

SendController::SendController(client::HttpClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_scripts(std::make_unique<ScriptThread>())
{}

// Out of line, where ScriptThread is complete; m_scripts goes first of all members and joins the
// script thread, so no script touches the client or this controller afterwards.
SendController::~SendController() = default;

bool SendController::send(const workspace::HttpRequest &request,
                          const tester::VariableScopes &variables,
                          const workspace::RequestSettings &collectionSettings,
                          const tester::BuildOptions &options)
{
    cancel();
    const quint64 generation = ++m_generation;
    m_collectionSettings = collectionSettings;
    m_options = options;
    SendOutcome outcome;
    outcome.request = request;
    outcome.variables = variables;
    outcome.variablesBefore = variables;
    outcome.startedAt = QDateTime::currentDateTimeUtc();
    if (request.preRequestScript.trimmed().isEmpty())
        return build(outcome, generation);
    m_scriptRunning = true;
    emit started();
    runScript(true, outcome, [this, generation](SendOutcome o) {
        if (generation != m_generation)
            return;
        if (!o.scriptError.isEmpty()) {
            // Postman does not send when the pre-request script fails; neither do we.
            o.error = o.scriptError;
            finish(o);
            return;
        }
        build(o, generation);
    });
    return true;
}

bool SendController::build(SendOutcome outcome, quint64 generation)
{
    auto built =
        tester::buildRequest(outcome.request, outcome.variables, m_collectionSettings, m_options);
    if (!built) {
        outcome.error = built.error().message;
        // Most build failures are an unresolved {{variable}} in the URL: name them.
        outcome.variables.resolve(outcome.request.url, &outcome.unresolved);
        finish(outcome);
        return false;
    }
    outcome.wire = built->wire;
    outcome.traceId = built->traceId;
    outcome.unresolved = built->unresolved;
    if (!m_scriptRunning)
        emit started();
    m_scriptRunning = false;
    transfer(outcome, generation);
    return true;
}

void SendController::transfer(SendOutcome outcome, quint64 generation)
{
    m_transfer = m_client->send(
        outcome.wire, this, [this, generation, outcome](const client::HttpResponse &r) {
            if (generation != m_generation)
                return;
            m_transfer.reset();
            SendOutcome done = outcome;
            done.response = r;
            done.cancelled = r.cancelled;
            done.error = r.error;
            if (r.cancelled || r.status == 0 || done.request.testScript.trimmed().isEmpty()) {
                finish(done);
                return;
            }
            m_scriptRunning = true;
            runScript(false, done, [this, generation](SendOutcome o) {
                if (generation == m_generation)
                    finish(o);
            });
        });
}

void SendController::runScript(bool preRequest, SendOutcome outcome,
                               std::function<void(SendOutcome)> then)
{
    auto shared = std::make_shared<SendOutcome>(std::move(outcome));
    client::HttpClient *client = m_client;
    m_scripts->post(
        [shared, preRequest, client](tester::ScriptEngine &engine) {
            tester::ScriptContext context;
            context.variables = &shared->variables;
            context.request = &shared->request;
            context.response = preRequest ? nullptr : &shared->response;
            context.requestName = shared->request.name;
            context.client = client;
            const tester::ScriptOutcome result =
                preRequest ? engine.runPreRequest(shared->request.preRequestScript, context)
                           : engine.runTests(shared->request.testScript, context);
            shared->console += result.console;
            if (!preRequest)
                shared->tests = result.tests;
            if (!result.ok()) {
                const QString where =
                    preRequest ? QObject::tr("Pre-request script") : QObject::tr("Tests script");
                shared->scriptError = result.errorLine > 0
                                          ? QObject::tr("%1, line %2: %3")
                                                .arg(where)
                                                .arg(result.errorLine)
                                                .arg(result.error)
                                          : QObject::tr("%1: %2").arg(where, result.error);
            }
        },
        this, [shared, then] { then(*shared); });
}

void SendController::finish(SendOutcome outcome)
{
    m_scriptRunning = false;
    emit finished(outcome);
}

void SendController::cancel()
{
    if (m_scriptRunning) {
        // Stop the script (a pm.sendRequest wait included) and forget its result.
        ++m_generation;
        m_scripts->interrupt();
        m_scriptRunning = false;
        SendOutcome cancelled;
        cancelled.cancelled = true;
        cancelled.error = QStringLiteral("cancelled");
        cancelled.response.cancelled = true;
        cancelled.response.error = cancelled.error;
        emit finished(cancelled);
        return;
    }
    if (!m_transfer)
        return;
    // The client reports the cancellation through the callback; it is delivered as an outcome
    // with cancelled set, so the view shows "Cancelled" rather than nothing.
    m_transfer->cancel();
}

client::TransferProgress SendController::progress() const
{
    return m_transfer ? m_transfer->progress() : client::TransferProgress{};
}

} // namespace bb::plugins::endpoints
