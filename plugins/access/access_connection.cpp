#include "access_connection.h"

#include "admin_client.h"
#include "engine/engine_controller.h"
#include "shell/shell_context.h"

#include <QJsonObject>

namespace bb::plugins::access {

AccessConnection::AccessConnection(shell::ShellContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
    m_client =
        new AdminClient([this] { return baseUrl(); }, [this] { return currentToken(); }, this);
    m_client->setRenewToken([this](std::function<void(bool)> done) { renew(std::move(done)); });
    connect(m_client, &AdminApi::reachabilityChanged, this,
            [this](bool reachable, const QString &message) {
                if (!isUsable())
                    return;
                setState(reachable ? State::Connected : State::Unreachable, message);
            });
    connect(&m_context, &shell::ShellContext::targetChanged, this,
            &AccessConnection::onTargetChanged);
    if (auto *engine = m_context.engine()) {
        connect(engine, &engine::EngineController::stateChanged, this, [this] {
            if (!isLocal())
                return;
            const bool wasUsable = isUsable();
            evaluate();
            // The engine (re)started: whatever was shown belongs to the previous run.
            if (isUsable() && !wasUsable)
                emit resetRequired();
        });
    }
    m_lastBase = baseUrl();
    evaluate();
}

bool AccessConnection::isLocal() const
{
    return m_context.target().local;
}

QString AccessConnection::targetName() const
{
    const QString name = m_context.target().name;
    return name.isEmpty() ? baseUrl().toString() : name;
}

QUrl AccessConnection::baseUrl() const
{
    return m_context.target().baseUrl;
}

QString AccessConnection::currentToken() const
{
    const shell::TargetBackend t = m_context.target();
    if (!t.local && t.token.isEmpty())
        return m_accessToken;
    // The shell mints a short-lived admin token per call for the embedded engine, and hands
    // out the configured token of a remote target.
    return m_context.accessToken();
}

void AccessConnection::renew(std::function<void(bool)> done)
{
    const shell::TargetBackend t = m_context.target();
    if (t.local) {
        done(true); // the next currentToken() is a fresh one
        return;
    }
    if (!t.token.isEmpty() || m_refreshToken.isEmpty()) {
        if (!t.token.isEmpty())
            setState(State::Unreachable,
                     tr("%1 refused the configured token; check the target's settings.")
                         .arg(targetName()));
        else
            setState(State::NeedsLogin, tr("Sign in to %1.").arg(targetName()));
        done(false);
        return;
    }
    // Several requests may hit the expiry at once; one refresh serves them all (a refresh
    // token works once, so a second refresh would end the session).
    m_waitingForRefresh << done;
    if (m_refreshing)
        return;
    m_refreshing = true;
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/api/v1/auth/refresh");
    r.body = QJsonObject{{QStringLiteral("refreshToken"), m_refreshToken}};
    r.authenticated = false;
    m_client->send(r, this, [this](const ApiResponse &answer) {
        m_refreshing = false;
        const bool ok = answer.ok();
        if (ok) {
            takeTokens(answer.object());
        } else {
            m_accessToken.clear();
            m_refreshToken.clear();
            setState(State::NeedsLogin, tr("Your session on %1 ended (%2). Sign in again.")
                                            .arg(targetName(), answer.error));
        }
        const auto waiting = std::exchange(m_waitingForRefresh, {});
        for (const auto &w : waiting)
            w(ok);
    });
}

void AccessConnection::takeTokens(const QJsonObject &answer)
{
    m_accessToken = answer.value(QLatin1String("accessToken")).toString();
    m_refreshToken = answer.value(QLatin1String("refreshToken")).toString();
    const QString email =
        answer.value(QLatin1String("user")).toObject().value(QLatin1String("email")).toString();
    if (!email.isEmpty())
        m_sessionEmail = email;
}

void AccessConnection::login(const QString &email, const QString &password,
                             std::function<void(const QString &)> done)
{
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/api/v1/auth/login");
    r.body = QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
    r.authenticated = false;
    m_client->send(r, this, [this, done](const ApiResponse &answer) {
        if (!answer.ok()) {
            if (done)
                done(answer.error);
            return;
        }
        takeTokens(answer.object());
        setState(State::Connecting);
        emit resetRequired();
        if (done)
            done(QString());
    });
}

void AccessConnection::logout()
{
    if (m_refreshToken.isEmpty())
        return;
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/api/v1/auth/logout");
    r.body = QJsonObject{{QStringLiteral("refreshToken"), m_refreshToken}};
    r.authenticated = false;
    // Fire and forget: the tokens are dropped here whatever the server says.
    m_client->send(r, this, {});
    m_accessToken.clear();
    m_refreshToken.clear();
    m_sessionEmail.clear();
    evaluate();
}

void AccessConnection::onTargetChanged()
{
    const QUrl base = baseUrl();
    if (base != m_lastBase) {
        // Credentials for one server are never sent to another.
        m_accessToken.clear();
        m_refreshToken.clear();
        m_sessionEmail.clear();
        m_lastBase = base;
    }
    evaluate();
    if (isUsable())
        emit resetRequired();
}

void AccessConnection::evaluate()
{
    using EngineState = engine::EngineController::State;
    const shell::TargetBackend t = m_context.target();
    if (t.local) {
        const auto *engine = m_context.engine();
        if (!engine) {
            setState(State::EngineStopped, tr("There is no embedded engine in this window."));
            return;
        }
        switch (engine->state()) {
        case EngineState::Running:
            if (!isUsable())
                setState(State::Connecting);
            return;
        case EngineState::Starting:
            setState(State::EngineStopped, tr("The embedded engine is starting…"));
            return;
        case EngineState::Failed:
            setState(State::EngineStopped,
                     tr("The embedded engine could not start: %1").arg(engine->lastError()));
            return;
        case EngineState::Stopped:
        case EngineState::Stopping:
            setState(State::EngineStopped,
                     tr("The embedded engine is stopped. Start it in the Server panel."));
            return;
        }
        return;
    }
    if (t.token.isEmpty() && m_accessToken.isEmpty()) {
        setState(State::NeedsLogin, tr("Sign in to %1 with an admin account.").arg(targetName()));
        return;
    }
    if (!isUsable())
        setState(State::Connecting);
}

void AccessConnection::setState(State state, const QString &message)
{
    if (state == State::Connecting)
        m_client->resetReachability(); // the next answer moves us on to Connected or not
    if (state == m_state && message == m_message)
        return;
    m_state = state;
    m_message = message;
    emit stateChanged(state);
}

} // namespace bb::plugins::access
