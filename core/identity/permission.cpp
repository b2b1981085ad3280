#include "identity/permission.h"

namespace bb::identity {

namespace {

const QString OwnQualifier = QStringLiteral("own");

bool isNameChar(QChar c)
{
    // ASCII only: resource names are SQL identifiers the engine also puts into routes.
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'_';
}

Result<void> checkResource(const QString &resource)
{
    if (resource.isEmpty())
        return Error::invalid(QStringLiteral("missing resource at 0"), 0);
    if (resource == Permission::Wildcard || resource == Permission::AdminResource)
        return {};
    for (qsizetype i = 0; i < resource.size(); ++i) {
        if (!isNameChar(resource.at(i)))
            return Error::invalid(QStringLiteral("invalid character '%1' in resource at %2")
                                      .arg(QString(resource.at(i)), QString::number(i)),
                                  int(i));
    }
    if (resource.startsWith(u'_'))
        return Error::invalid(
            QStringLiteral("resource '%1' is a system table and cannot be granted at 0")
                .arg(resource),
            0);
    return {};
}

Result<void> checkAction(const QString &resource, const QString &action, int at)
{
    if (action.isEmpty())
        return Error::invalid(QStringLiteral("missing action at %1").arg(at), at);
    if (action == Permission::Wildcard)
        return {};
    if (resource == Permission::AdminResource) {
        if (!Permission::adminAreas().contains(action))
            return Error::invalid(
                QStringLiteral("unknown admin area '%1' at %2").arg(action, QString::number(at)),
                at);
        return {};
    }
    if (!Permission::resourceActions().contains(action))
        return Error::invalid(
            QStringLiteral("unknown action '%1' at %2").arg(action, QString::number(at)), at);
    return {};
}

} // namespace

const QStringList &Permission::resourceActions()
{
    static const QStringList actions{QStringLiteral("list"), QStringLiteral("read"),
                                     QStringLiteral("create"), QStringLiteral("update"),
                                     QStringLiteral("delete")};
    return actions;
}

const QStringList &Permission::adminAreas()
{
    static const QStringList areas{QStringLiteral("users"), QStringLiteral("roles"),
                                   QStringLiteral("logs"), QStringLiteral("schema"),
                                   QStringLiteral("settings")};
    return areas;
}

bool Permission::isValidResourceName(const QString &name)
{
    return name != Wildcard && name != AdminResource && checkResource(name).ok();
}

Permission::Permission(QString resource, QString action, bool own)
    : m_resource(std::move(resource))
    , m_action(std::move(action))
    , m_own(own)
{}

Result<Permission> Permission::parse(const QString &text)
{
    if (text.isEmpty())
        return Error::invalid(QStringLiteral("empty permission at 0"), 0);

    const qsizetype first = text.indexOf(u':');
    if (first < 0)
        return Error::invalid(QStringLiteral("missing ':action' after '%1' at %2")
                                  .arg(text, QString::number(text.size())),
                              int(text.size()));
    const qsizetype second = text.indexOf(u':', first + 1);
    if (second >= 0) {
        const qsizetype third = text.indexOf(u':', second + 1);
        if (third >= 0)
            return Error::invalid(QStringLiteral("unexpected ':' at %1").arg(third), int(third));
    }

    const QString resource = text.left(first);
    if (auto ok = checkResource(resource); !ok)
        return ok.error();

    const int actionAt = int(first + 1);
    const QString action = second < 0 ? text.mid(actionAt) : text.mid(actionAt, second - actionAt);
    if (auto ok = checkAction(resource, action, actionAt); !ok)
        return ok.error();

    bool own = false;
    if (second >= 0) {
        const int qualifierAt = int(second + 1);
        const QString qualifier = text.mid(qualifierAt);
        if (qualifier.isEmpty())
            return Error::invalid(QStringLiteral("missing qualifier after ':' at %1; only "
                                                 "'own' is allowed")
                                      .arg(qualifierAt),
                                  qualifierAt);
        if (qualifier != OwnQualifier)
            return Error::invalid(QStringLiteral("unknown qualifier '%1' at %2; only 'own' is "
                                                 "allowed")
                                      .arg(qualifier, QString::number(qualifierAt)),
                                  qualifierAt);
        // Admin areas have no rows with an owner_id, so an owner limit would mean nothing.
        if (resource == AdminResource)
            return Error::invalid(
                QStringLiteral("':own' does not apply to admin areas at %1").arg(qualifierAt),
                qualifierAt);
        own = true;
    }
    return Permission(resource, action, own);
}

bool Permission::covers(const QString &resource, const QString &action) const
{
    if (!isValid())
        return false;
    const bool actionMatches = m_action == Wildcard || m_action == action;
    if (resource == AdminResource)
        return (isAdmin() && actionMatches) || isSuperuser();
    if (isAdmin())
        return false;
    return (m_resource == Wildcard || m_resource == resource) && actionMatches;
}

bool Permission::covers(const Permission &other) const
{
    if (!isValid() || !other.isValid())
        return false;
    if (m_own && !other.m_own)
        return false;
    const bool actionMatches = m_action == Wildcard || m_action == other.m_action;
    if (other.isAdmin())
        return (isAdmin() && actionMatches) || isSuperuser();
    if (isAdmin())
        return false;
    return (m_resource == Wildcard || m_resource == other.m_resource) && actionMatches;
}

QString Permission::toString() const
{
    if (!isValid())
        return {};
    QString text = m_resource + u':' + m_action;
    if (m_own)
        text += u':' + OwnQualifier;
    return text;
}

Result<QList<Permission>> parsePermissions(const QStringList &texts)
{
    QList<Permission> permissions;
    permissions.reserve(texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i) {
        auto parsed = Permission::parse(texts.at(i));
        if (!parsed) {
            Error error = parsed.error();
            error.message = QStringLiteral("permission %1 ('%2'): %3")
                                .arg(i + 1)
                                .arg(texts.at(i), error.message);
            return error;
        }
        permissions.append(parsed.value());
    }
    return permissions;
}

QStringList toStrings(const QList<Permission> &permissions)
{
    QStringList texts;
    texts.reserve(permissions.size());
    for (const Permission &p : permissions)
        texts.append(p.toString());
    return texts;
}

} // namespace bb::identity
