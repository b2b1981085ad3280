#include "permission_grant.h"

namespace bb::plugins::access {

ParsedPermission ParsedPermission::parse(const QString &text)
{
    ParsedPermission p;
    const QStringList parts = text.split(QLatin1Char(':'));
    if (parts.size() < 2 || parts.size() > 3 || parts[0].isEmpty() || parts[1].isEmpty())
        return p;
    if (parts.size() == 3 && parts[2] != QLatin1String("own"))
        return p;
    p.resource = parts[0];
    p.action = parts[1];
    p.own = parts.size() == 3;
    p.valid = !(p.own && p.isAdmin());
    return p;
}

bool ParsedPermission::coversResource(const QString &table, const QString &act) const
{
    if (!valid || isAdmin())
        return false;
    return (resource == QLatin1String("*") || resource == table) &&
           (action == QLatin1String("*") || action == act);
}

bool ParsedPermission::coversAdminArea(const QString &area) const
{
    if (!valid)
        return false;
    if (isAdmin())
        return action == QLatin1String("*") || action == area;
    // Only the unrestricted superuser grant reaches admin areas without naming them.
    return resource == QLatin1String("*") && action == QLatin1String("*") && !own;
}

QString permissionText(const QString &resource, const QString &action, Grant grant)
{
    QString text = resource + QLatin1Char(':') + action;
    if (grant == Grant::Own)
        text += QStringLiteral(":own");
    return text;
}

} // namespace bb::plugins::access
