// bb::plugins::access — one user's details and every change an admin can make to them.
#pragma once

#include "records.h"

#include <QObject>

#include <functional>

namespace bb::plugins::access {

class AdminApi;
class ApiKeyTableModel;
class SessionTableModel;
struct ApiResponse;

/// Holds the selected user with their sessions and API keys, and sends the admin API calls
/// that change them. Every failure is emitted with the server's message; every success
/// re-reads what it changed, so the view never shows a guess.
class UserEditor : public QObject {
    Q_OBJECT
public:
    explicit UserEditor(AdminApi *api, QObject *parent = nullptr);

    /// Loads the user, their sessions and API keys; 0 clears.
    void load(qint64 userId);
    void clear();
    const UserRecord &user() const { return m_user; }
    bool hasUser() const { return m_user.isValid(); }
    SessionTableModel *sessions() const { return m_sessions; }
    ApiKeyTableModel *apiKeys() const { return m_keys; }

    using UserCallback = std::function<void(const UserRecord &)>;
    using TextCallback = std::function<void(const QString &)>;

    /// `done` gets the new user. A refusal goes to `refused` (the server's message, field
    /// errors included) when given, so a form can stay open and say what to fix; else failed().
    void createUser(const QString &email, const QString &password, const QString &displayName,
                    const QStringList &roles, UserCallback done = {}, TextCallback refused = {});
    void setDisplayName(const QString &name);
    void setDisabled(bool disabled);
    void unlock();
    void setRoles(const QStringList &roles);
    void deleteUser();
    /// `shown` gets the generated password, which the server gives only this once.
    void resetPassword(TextCallback shown);
    void revokeAllSessions();
    void revokeSession(const QString &sessionId);
    /// `shown` gets the full key, which the server gives only this once.
    void createApiKey(const QString &name, TextCallback shown);
    void revokeApiKey(const QString &keyId);
    /// A short-lived access token for trying requests as this user.
    void impersonate(TextCallback token);

signals:
    void userChanged(const bb::plugins::access::UserRecord &user);
    /// A user was created, changed or deleted: the list should show it.
    void listChanged();
    void userDeleted(qint64 id);
    void failed(const QString &message);
    void notice(const QString &message);

private:
    QString userPath(const QString &suffix = QString()) const;
    void reloadSessions();
    void reloadKeys();
    /// Handles the common "PATCH-like call answered with a user" case.
    void takeUser(const ApiResponse &r, const QString &what);
    bool fail(const ApiResponse &r, const QString &what);

    AdminApi *m_api;
    UserRecord m_user;
    SessionTableModel *m_sessions;
    ApiKeyTableModel *m_keys;
    quint64 m_generation = 0; ///< answers about a previously selected user are dropped
};

} // namespace bb::plugins::access
