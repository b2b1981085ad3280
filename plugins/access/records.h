// bb::plugins::access — the admin API's objects as value types (users, roles, sessions, keys).
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace bb::plugins::access {

/// ISO 8601 (UTC) from the API; an invalid QDateTime for null or garbage.
QDateTime parseTime(const QJsonValue &value);
/// "2024-06-01 14:03" in local time, or `empty` for an invalid time.
QString formatTime(const QDateTime &time, const QString &empty = QString());

struct UserRecord {
    qint64 id = 0;
    QString email;
    QString displayName;
    QStringList roles;
    bool disabled = false;
    QDateTime lockedUntil;
    QDateTime createdAt;
    QDateTime lastLoginAt;
    /// The Backbench app's own admin of its embedded engine: the server refuses changes to it.
    bool localAdmin = false;

    static UserRecord fromJson(const QJsonObject &o);
    bool isValid() const { return id > 0; }
    bool isLocked(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return lockedUntil.isValid() && lockedUntil > now;
    }
    /// "active", "disabled" or "locked until 14:03".
    QString statusText(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
};

struct RoleRecord {
    qint64 id = 0;
    QString name;
    QString description;
    QStringList permissions;
    bool builtIn = false;
    bool editable = false; ///< whether its permissions may change (custom roles and anonymous)
    int userCount = 0;

    static RoleRecord fromJson(const QJsonObject &o);
    bool isValid() const { return id > 0 || !name.isEmpty(); }
};

struct SessionRecord {
    QString id;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime expiresAt;
    QString ip;
    QString userAgent;

    static SessionRecord fromJson(const QJsonObject &o);
};

struct ApiKeyRecord {
    QString id;
    QString name;
    QString prefix;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime revokedAt;

    static ApiKeyRecord fromJson(const QJsonObject &o);
    bool isRevoked() const { return revokedAt.isValid(); }
};

struct AuditEntry {
    qint64 id = 0;
    QDateTime ts;
    qint64 actorId = 0;
    QString actor;
    QString action;
    QString target;
    QJsonValue before;
    QJsonValue after;
    QString ip;

    static AuditEntry fromJson(const QJsonObject &o);
    /// "displayName: "A" → "B"; disabled: false → true" from before/after.
    QString changeSummary() const;
};

/// An id as text whether the server sent a number or a string.
QString idText(const QJsonValue &value);

} // namespace bb::plugins::access
