#include "send_controller.h"

namespace bb::plugins::endpoints {

SendController::SendController(client::HttpClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

bool SendController::send(const workspace::HttpRequest &request,
                          const tester::VariableScopes &variables,
                          const workspace::RequestSettings &collectionSettings,
                          const tester::BuildOptions &options)
{
    cancel();
    SendOutcome outcome;
    outcome.request = request;
    outcome.startedAt = QDateTime::currentDateTimeUtc();
    auto built = tester::buildRequest(request, variables, collectionSettings, options);
    if (!built) {
        outcome.error = built.error().message;
        // Most build failures are an unresolved {{variable}} in the URL: name them.
        variables.resolve(request.url, &outcome.unresolved);
        emit finished(outcome);
        return false;
    }
    outcome.wire = built->wire;
    outcome.traceId = built->traceId;
    outcome.unresolved = built->unresolved;
    const quint64 generation = ++m_generation;
    emit started();
    m_transfer = m_client->send(built->wire, this,
                                [this, generation, outcome](const client::HttpResponse &r) {
                                    if (generation != m_generation)
                                        return;
                                    m_transfer.reset();
                                    SendOutcome done = outcome;
                                    done.response = r;
                                    done.cancelled = r.cancelled;
                                    done.error = r.error;
                                    emit finished(done);
                                });
    return true;
}

void SendController::cancel()
{
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
