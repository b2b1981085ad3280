// bb::engine::auth — the _users table and role assignments (_user_roles): lookups, the admin's
// search, and the writes login and the admin API make. Writes take the writer connection so the
// caller can put the change and its audit entry in one transaction.
#pragma once

#include "common/result.h"
#include "store/database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace bb::engine::auth {

struct User {
    qint64 id = 0;
    QString email;
    QString displayName;
    QStringList roles; ///< names, sorted
    bool disabled = false;
    QDateTime lockedUntil;
    QDateTime createdAt;
    QDateTime lastLoginAt;
    int tokenVersion = 0;
    int failedLogins = 0;
    bool localAdmin = false; ///< the GUI's own admin: no password, tokens minted in-process
    QByteArray passwordHash;

    bool lockedAt(const QDateTime &now) const { return lockedUntil.isValid() && lockedUntil > now; }
    /// {id, email, displayName, roles, disabled, lockedUntil, createdAt, lastLoginAt}.
    QJsonObject toJson() const;
};

struct UserQuery {
    QString text; ///< contained in email or display name, case-insensitive
    QString role; ///< only users holding this role
    std::optional<bool> disabled;
    int page = 1;
    int perPage = 50;
};

struct UserPage {
    QList<User> items;
    qint64 total = 0;
};

/// What PATCH may change; unset members stay as they are.
struct UserChange {
    std::optional<QString> displayName;
    std::optional<bool> disabled;
    std::optional<QStringList> roles;
    std::optional<QByteArray> passwordHash;
};

/// Lower-cased and trimmed: addresses compare case-insensitively everywhere.
QString normalizeEmail(const QString &email);
/// A short reason when `email` cannot be an address, else empty.
QString emailProblem(const QString &email);

class UserStore {
public:
    explicit UserStore(store::Database &db);

    Result<std::optional<User>> byId(qint64 id);
    Result<std::optional<User>> byEmail(const QString &email);
    Result<UserPage> search(const UserQuery &query);
    /// Users holding `role`, optionally leaving out the GUI's local admin.
    Result<qint64> countWithRole(const QString &role, bool excludeLocalAdmin);
    Result<std::optional<User>> localAdmin();

    /// Inserts a user; ErrorCode::Conflict when the email is taken, Invalid for an unknown role.
    Result<User> create(QSqlDatabase &conn, const QString &email, const QByteArray &passwordHash,
                        const QString &displayName, const QStringList &roles,
                        bool localAdmin = false);
    /// Applies `change`; a change of roles, password or disabled bumps the token version, so
    /// tokens issued before stop working at once.
    Result<User> update(QSqlDatabase &conn, qint64 id, const UserChange &change);
    Result<void> remove(QSqlDatabase &conn, qint64 id);
    Result<void> bumpTokenVersion(QSqlDatabase &conn, qint64 id);
    /// Counts a failed password; returns the lock end when this failure locked the account.
    Result<QDateTime> recordLoginFailure(QSqlDatabase &conn, qint64 id, int maxAttempts,
                                         int lockMinutes);
    /// Clears the failure count and stamps last_login_at; stores `rehash` when not empty.
    Result<void> recordLoginSuccess(QSqlDatabase &conn, qint64 id, const QByteArray &rehash);
    Result<void> unlock(QSqlDatabase &conn, qint64 id);

    /// The same lookup on the writer connection, to read a row inside a write transaction.
    Result<std::optional<User>> byId(QSqlDatabase &conn, qint64 id);

private:
    Result<std::optional<User>> one(QSqlDatabase &conn, const QString &where,
                                    const QVariant &value);
    Result<void> loadRoles(QSqlDatabase &conn, QList<User> &users);
    Result<void> setRoles(QSqlDatabase &conn, qint64 id, const QStringList &roles);

    store::Database &m_db;
};

} // namespace bb::engine::auth
