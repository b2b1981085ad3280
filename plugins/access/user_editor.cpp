#include "user_editor.h"

#include "admin_api.h"
#include "user_detail_models.h"

namespace bb::plugins::access {

UserEditor::UserEditor(AdminApi *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_sessions(new SessionTableModel(this))
    , m_keys(new ApiKeyTableModel(this))
{}

QString UserEditor::userPath(const QString &suffix) const
{
    return QStringLiteral("/api/admin/users/%1").arg(m_user.id) + suffix;
}

bool UserEditor::fail(const ApiResponse &r, const QString &what)
{
    if (r.ok())
        return false;
    emit failed(what + QStringLiteral(": ") + r.error);
    return true;
}

void UserEditor::clear()
{
    ++m_generation;
    m_user = {};
    m_sessions->setSessions({});
    m_keys->setKeys({});
    emit userChanged(m_user);
}

void UserEditor::load(qint64 userId)
{
    if (userId <= 0) {
        clear();
        return;
    }
    const quint64 gen = ++m_generation;
    m_api->get(QStringLiteral("/api/admin/users/%1").arg(userId), {}, this,
               [this, gen](const ApiResponse &r) {
                   if (gen != m_generation || fail(r, tr("Could not load the user")))
                       return;
                   m_user = UserRecord::fromJson(r.object());
                   emit userChanged(m_user);
                   reloadSessions();
                   reloadKeys();
               });
}

void UserEditor::reloadSessions()
{
    const quint64 gen = m_generation;
    m_api->get(userPath(QStringLiteral("/sessions")), {}, this, [this, gen](const ApiResponse &r) {
        if (gen != m_generation || fail(r, tr("Could not load the sessions")))
            return;
        QList<SessionRecord> items;
        for (const QJsonValue &v : r.object().value(QLatin1String("items")).toArray())
            items << SessionRecord::fromJson(v.toObject());
        m_sessions->setSessions(items);
    });
}

void UserEditor::reloadKeys()
{
    const quint64 gen = m_generation;
    m_api->get(userPath(QStringLiteral("/api-keys")), {}, this, [this, gen](const ApiResponse &r) {
        if (gen != m_generation || fail(r, tr("Could not load the API keys")))
            return;
        QList<ApiKeyRecord> items;
        for (const QJsonValue &v : r.object().value(QLatin1String("items")).toArray())
            items << ApiKeyRecord::fromJson(v.toObject());
        m_keys->setKeys(items);
    });
}

void UserEditor::takeUser(const ApiResponse &r, const QString &what)
{
    if (fail(r, what))
        return;
    const UserRecord u = UserRecord::fromJson(r.object());
    if (u.id == m_user.id) {
        m_user = u;
        emit userChanged(m_user);
    }
    emit listChanged();
}

void UserEditor::createUser(const QString &email, const QString &password,
                            const QString &displayName, const QStringList &roles, UserCallback done,
                            TextCallback refused)
{
    QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
    if (!displayName.isEmpty())
        body.insert(QStringLiteral("displayName"), displayName);
    if (!roles.isEmpty())
        body.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roles));
    m_api->post(QStringLiteral("/api/admin/users"), body, this, [=, this](const ApiResponse &r) {
        if (!r.ok() && refused) {
            refused(r.error);
            return;
        }
        if (fail(r, tr("Could not create %1").arg(email)))
            return;
        const UserRecord u = UserRecord::fromJson(r.object());
        emit notice(tr("User %1 created.").arg(u.email));
        emit listChanged();
        if (done)
            done(u);
    });
}

void UserEditor::setDisplayName(const QString &name)
{
    if (!hasUser())
        return;
    m_api->patch(userPath(), {{QStringLiteral("displayName"), name}}, this,
                 [this](const ApiResponse &r) {
                     takeUser(r, tr("Could not change the display name"));
                     if (r.ok())
                         emit notice(tr("Display name saved."));
                 });
}

void UserEditor::setDisabled(bool disabled)
{
    if (!hasUser())
        return;
    m_api->patch(userPath(), {{QStringLiteral("disabled"), disabled}}, this,
                 [this, disabled](const ApiResponse &r) {
                     takeUser(r, disabled ? tr("Could not disable the user")
                                          : tr("Could not enable the user"));
                     if (r.ok()) {
                         emit notice(disabled
                                         ? tr("%1 is disabled and signed out.").arg(m_user.email)
                                         : tr("%1 is enabled.").arg(m_user.email));
                         reloadSessions();
                     }
                 });
}

void UserEditor::unlock()
{
    if (!hasUser())
        return;
    const qint64 id = m_user.id;
    m_api->post(userPath(QStringLiteral("/unlock")), QJsonObject(), this,
                [this, id](const ApiResponse &r) {
                    if (fail(r, tr("Could not unlock the user")))
                        return;
                    emit notice(tr("%1 is unlocked.").arg(m_user.email));
                    emit listChanged();
                    if (id == m_user.id)
                        load(id);
                });
}

void UserEditor::setRoles(const QStringList &roles)
{
    if (!hasUser())
        return;
    m_api->put(userPath(QStringLiteral("/roles")),
               QJsonObject{{QStringLiteral("roles"), QJsonArray::fromStringList(roles)}}, this,
               [this](const ApiResponse &r) {
                   takeUser(r, tr("Could not change the roles"));
                   if (r.ok())
                       emit notice(tr("Roles of %1: %2.")
                                       .arg(m_user.email, m_user.roles.join(QStringLiteral(", "))));
               });
}

void UserEditor::deleteUser()
{
    if (!hasUser())
        return;
    const UserRecord gone = m_user;
    m_api->del(userPath(), this, [this, gone](const ApiResponse &r) {
        if (fail(r, tr("Could not delete %1").arg(gone.email)))
            return;
        emit notice(tr("User %1 deleted.").arg(gone.email));
        if (m_user.id == gone.id)
            clear();
        emit userDeleted(gone.id);
        emit listChanged();
    });
}

void UserEditor::resetPassword(TextCallback shown)
{
    if (!hasUser())
        return;
    m_api->post(
        userPath(QStringLiteral("/reset-password")), QJsonObject(), this,
        [this, shown](const ApiResponse &r) {
            if (fail(r, tr("Could not reset the password")))
                return;
            emit notice(
                tr("New password set for %1; their sessions were ended.").arg(m_user.email));
            reloadSessions();
            if (shown)
                shown(r.object().value(QLatin1String("password")).toString());
        });
}

void UserEditor::revokeAllSessions()
{
    if (!hasUser())
        return;
    m_api->del(userPath(QStringLiteral("/sessions")), this, [this](const ApiResponse &r) {
        if (fail(r, tr("Could not revoke the sessions")))
            return;
        emit notice(tr("Every session of %1 was revoked.").arg(m_user.email));
        reloadSessions();
    });
}

void UserEditor::revokeSession(const QString &sessionId)
{
    if (!hasUser())
        return;
    m_api->del(userPath(QStringLiteral("/sessions/") + sessionId), this,
               [this](const ApiResponse &r) {
                   if (fail(r, tr("Could not revoke the session")))
                       return;
                   emit notice(tr("Session revoked."));
                   reloadSessions();
               });
}

void UserEditor::createApiKey(const QString &name, TextCallback shown)
{
    if (!hasUser())
        return;
    m_api->post(userPath(QStringLiteral("/api-keys")), QJsonObject{{QStringLiteral("name"), name}},
                this, [this, name, shown](const ApiResponse &r) {
                    if (fail(r, tr("Could not create the API key")))
                        return;
                    emit notice(tr("API key %1 created.").arg(name));
                    reloadKeys();
                    if (shown)
                        shown(r.object().value(QLatin1String("key")).toString());
                });
}

void UserEditor::revokeApiKey(const QString &keyId)
{
    if (!hasUser())
        return;
    m_api->del(userPath(QStringLiteral("/api-keys/") + keyId), this, [this](const ApiResponse &r) {
        if (fail(r, tr("Could not revoke the API key")))
            return;
        emit notice(tr("API key revoked."));
        reloadKeys();
    });
}

void UserEditor::impersonate(TextCallback token)
{
    if (!hasUser())
        return;
    m_api->post(userPath(QStringLiteral("/impersonate")), QJsonObject(), this,
                [this, token](const ApiResponse &r) {
                    if (fail(r, tr("Could not get a token for %1").arg(m_user.email)))
                        return;
                    if (token)
                        token(r.object().value(QLatin1String("accessToken")).toString());
                });
}

} // namespace bb::plugins::access
