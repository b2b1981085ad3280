// bb::plugins::access — which backend the panel manages and with which credentials.
#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::access {

class AdminClient;

/// Builds the panel's AdminClient over the shell's current target. The embedded engine gets a
/// fresh admin token from the shell per request (retried once on a 401); a remote target uses
/// its configured token, or, when it has none, a sign-in whose access token lives only in
/// memory and is renewed with its refresh token when the server refuses it.
class AccessConnection : public QObject {
    Q_OBJECT
public:
    enum class State {
        Connecting,    ///< asked, no answer yet
        Connected,     ///< the last request reached the server
        Unreachable,   ///< the server did not answer; message() says why
        EngineStopped, ///< the local target and the embedded engine is not running
        NeedsLogin,    ///< a remote target without a token: sign in first
    };
    Q_ENUM(State)

    explicit AccessConnection(shell::ShellContext &context, QObject *parent = nullptr);

    AdminClient *client() const { return m_client; }
    State state() const { return m_state; }
    QString message() const { return m_message; }
    bool isLocal() const;
    QString targetName() const;
    QUrl baseUrl() const;
    /// Whether models may send requests now.
    bool isUsable() const
    {
        return m_state != State::EngineStopped && m_state != State::NeedsLogin;
    }

    /// Signs in to a remote target: POST /api/v1/auth/login. `done` gets the server's message
    /// on failure, an empty string on success.
    void login(const QString &email, const QString &password,
               std::function<void(const QString &error)> done);
    void logout();
    QString signedInAs() const { return m_sessionEmail; }

signals:
    void stateChanged(bb::plugins::access::AccessConnection::State state);
    /// The target or the credentials changed: everything shown must be read again.
    void resetRequired();

private:
    QString currentToken() const;
    void renew(std::function<void(bool)> done);
    void evaluate();
    void setState(State state, const QString &message = QString());
    void takeTokens(const QJsonObject &answer);
    void onTargetChanged();

    shell::ShellContext &m_context;
    AdminClient *m_client;
    State m_state = State::Connecting;
    QString m_message;
    // A remote sign-in, in memory only (never saved).
    QString m_accessToken;
    QString m_refreshToken;
    QString m_sessionEmail;
    QUrl m_lastBase;
    bool m_refreshing = false;
    QList<std::function<void(bool)>> m_waitingForRefresh;
};

} // namespace bb::plugins::access
