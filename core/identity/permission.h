// bb::identity — RBAC permissions: parsing and matching `resource:action[:own]` grants.
#pragma once

#include "common/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace bb::identity {

/// One grant. Resources are table names, `*` (every resource table) or `admin` (the admin
/// areas, named by the action: `admin:users`). Only `*:*` or `admin:…` reach the admin areas;
/// `*` as a resource means every resource table, so `*:read` never reads the audit log.
class Permission {
public:
    /// The reserved resource name of the admin family; no table can be granted under it.
    static inline const QString AdminResource = QStringLiteral("admin");
    static inline const QString Wildcard = QStringLiteral("*");

    /// The actions on a resource table, in the order the permission matrix shows them.
    static const QStringList &resourceActions();
    /// The admin areas, used as the action of `admin:…` permissions.
    static const QStringList &adminAreas();
    /// Table-style names: letters, digits, underscore, not starting with '_' (system tables).
    static bool isValidResourceName(const QString &name);

    /// Parses `resource:action` or `resource:action:own`; errors name what is wrong and where.
    static Result<Permission> parse(const QString &text);

    Permission() = default;

    const QString &resource() const { return m_resource; }
    const QString &action() const { return m_action; }
    /// True when the grant is limited to rows whose owner_id is the caller.
    bool own() const { return m_own; }
    /// True for `admin:…` permissions.
    bool isAdmin() const { return m_resource == AdminResource; }
    /// True for the unrestricted `*:*`, the only resource wildcard that reaches admin areas.
    bool isSuperuser() const { return m_resource == Wildcard && m_action == Wildcard && !m_own; }
    bool isValid() const { return !m_resource.isEmpty(); }

    /// Whether this grant matches a concrete request; `own` is not considered here because the
    /// caller decides what an owner-limited match means (see PolicyEvaluator::decide).
    bool covers(const QString &resource, const QString &action) const;
    /// Whether every request `other` grants is granted at least as widely by this permission.
    bool covers(const Permission &other) const;

    QString toString() const;

    friend bool operator==(const Permission &a, const Permission &b)
    {
        return a.m_resource == b.m_resource && a.m_action == b.m_action && a.m_own == b.m_own;
    }
    /// Orders by the text form, so sorted lists read alphabetically.
    friend bool operator<(const Permission &a, const Permission &b)
    {
        return a.toString() < b.toString();
    }

private:
    Permission(QString resource, QString action, bool own);

    QString m_resource;
    QString m_action;
    bool m_own = false;
};

/// Parses a list of permission texts; the error says which entry failed and where inside it.
Result<QList<Permission>> parsePermissions(const QStringList &texts);

/// The text forms of `permissions`, in the same order.
QStringList toStrings(const QList<Permission> &permissions);

} // namespace bb::identity
