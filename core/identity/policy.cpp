#include "identity/policy.h"

#include <algorithm>

namespace bb::identity {

namespace {

/// One role's permissions that matched a request.
struct Grant {
    QString role;
    QStringList permissions;
};

QString describe(const QList<Grant> &grants)
{
    QStringList parts;
    for (const Grant &g : grants)
        parts.append(
            QStringLiteral("%1 (%2)").arg(g.role, g.permissions.join(QStringLiteral(", "))));
    const QString noun = grants.size() == 1 ? QStringLiteral("role") : QStringLiteral("roles");
    return noun + u' ' + parts.join(QStringLiteral(", "));
}

void fill(Decision &d, const QList<Grant> &grants)
{
    for (const Grant &g : grants) {
        d.matchedRoles.append(g.role);
        for (const QString &p : g.permissions) {
            if (!d.matchedPermissions.contains(p))
                d.matchedPermissions.append(p);
        }
    }
}

/// Why a request can never be granted, or an empty string when it is well-formed.
QString malformedRequest(const QString &resource, const QString &action)
{
    if (resource == Permission::AdminResource) {
        if (!Permission::adminAreas().contains(action))
            return QStringLiteral("'%1' is not an admin area").arg(action);
        return {};
    }
    if (resource.startsWith(u'_'))
        return QStringLiteral("'%1' is a system table; no role can grant it").arg(resource);
    if (!Permission::isValidResourceName(resource))
        return QStringLiteral("'%1' is not a resource name").arg(resource);
    if (!Permission::resourceActions().contains(action))
        return QStringLiteral("'%1' is not an action").arg(action);
    return {};
}

} // namespace

PolicyEvaluator::PolicyEvaluator()
    : PolicyEvaluator(builtInRoles())
{}

PolicyEvaluator::PolicyEvaluator(const QList<Role> &roles)
{
    for (const Role &r : roles)
        m_roles.insert(r.name, r);
}

Decision PolicyEvaluator::decide(const QStringList &roleNames, const QString &resource,
                                 const QString &action) const
{
    Decision d;
    const QString request = resource + u':' + action;
    if (const QString why = malformedRequest(resource, action); !why.isEmpty()) {
        d.reason = QStringLiteral("denied: %1").arg(why);
        return d;
    }

    QStringList known;
    QStringList unknown;
    QList<Grant> unrestricted;
    QList<Grant> ownOnly;
    for (const QString &name : roleNames) {
        if (known.contains(name) || unknown.contains(name))
            continue;
        const auto it = m_roles.constFind(name);
        if (it == m_roles.constEnd()) {
            unknown.append(name);
            continue;
        }
        known.append(name);
        Grant full{name, {}};
        Grant own{name, {}};
        for (const Permission &p : it->permissions) {
            if (p.covers(resource, action))
                (p.own() ? own : full).permissions.append(p.toString());
        }
        if (!full.permissions.isEmpty())
            unrestricted.append(full);
        else if (!own.permissions.isEmpty())
            ownOnly.append(own);
    }

    if (!unrestricted.isEmpty()) {
        // An unrestricted grant makes any :own grant irrelevant: the caller sees every row.
        d.allowed = true;
        fill(d, unrestricted);
        d.reason = QStringLiteral("granted by ") + describe(unrestricted);
    } else if (!ownOnly.isEmpty()) {
        d.allowed = true;
        d.ownOnly = true;
        fill(d, ownOnly);
        d.reason = QStringLiteral("granted only on rows the caller owns by ") + describe(ownOnly);
    } else {
        d.reason = QStringLiteral("no role grants %1; roles: %2")
                       .arg(request, known.isEmpty() ? QStringLiteral("none")
                                                     : known.join(QStringLiteral(", ")));
    }
    if (!unknown.isEmpty())
        d.reason +=
            QStringLiteral("; unknown roles ignored: ") + unknown.join(QStringLiteral(", "));
    return d;
}

QList<Permission> PolicyEvaluator::effectivePermissions(const QStringList &roleNames) const
{
    QList<Permission> all;
    for (const QString &name : roleNames) {
        const auto it = m_roles.constFind(name);
        if (it == m_roles.constEnd())
            continue;
        for (const Permission &p : it->permissions) {
            if (!all.contains(p))
                all.append(p);
        }
    }
    QList<Permission> kept;
    for (const Permission &p : all) {
        const bool covered = std::any_of(all.cbegin(), all.cend(), [&](const Permission &q) {
            return !(q == p) && q.covers(p);
        });
        if (!covered)
            kept.append(p);
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

QList<Permission> PolicyEvaluator::catalogue(const QStringList &resourceNames)
{
    QStringList names;
    for (const QString &n : resourceNames) {
        if (Permission::isValidResourceName(n))
            names.append(n);
    }
    names.sort();
    names.removeDuplicates();

    QList<Permission> out;
    for (const QString &n : names) {
        for (const QString &a : Permission::resourceActions())
            out.append(Permission::parse(n + u':' + a).value());
    }
    for (const QString &area : Permission::adminAreas())
        out.append(Permission::parse(Permission::AdminResource + u':' + area).value());
    return out;
}

std::optional<Role> PolicyEvaluator::role(const QString &name) const
{
    const auto it = m_roles.constFind(name);
    if (it == m_roles.constEnd())
        return std::nullopt;
    return *it;
}

PolicyEvaluator PolicyEvaluator::withRole(const Role &role) const
{
    PolicyEvaluator copy(*this);
    copy.m_roles.insert(role.name, role);
    return copy;
}

PolicyEvaluator PolicyEvaluator::withoutRole(const QString &name) const
{
    PolicyEvaluator copy(*this);
    copy.m_roles.remove(name);
    return copy;
}

} // namespace bb::identity
