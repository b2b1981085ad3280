// bb::identity — the RBAC policy: which of a caller's roles grant a resource action, and why.
#pragma once

#include "identity/permission.h"
#include "identity/role.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace bb::identity {

/// The answer to "may these roles do this?", with enough detail for the policy tester.
struct Decision {
    bool allowed = false;
    /// Granted only through `:own` permissions: the caller must filter lists and guard
    /// get/update/delete by owner_id. Never set when an unrestricted grant exists.
    bool ownOnly = false;
    /// A sentence for people: "granted by role editor (*:update)".
    QString reason;
    /// The roles whose grants decided it (only the unrestricted ones when any exists).
    QStringList matchedRoles;
    /// The deciding permissions, in the text form, de-duplicated.
    QStringList matchedPermissions;
};

/// Evaluates roles against requests. An evaluator is an immutable snapshot: decide() and the
/// other const calls read shared state without locks, so any number of threads may use one
/// at once. When roles change, build a new evaluator (withRole/withoutRole or the constructor)
/// and publish it, e.g. through std::atomic<std::shared_ptr<const PolicyEvaluator>>; requests
/// in flight finish against the snapshot they started with.
class PolicyEvaluator {
public:
    /// An evaluator over the built-in roles.
    PolicyEvaluator();
    /// An evaluator over exactly `roles`; a later role with the same name replaces an earlier.
    explicit PolicyEvaluator(const QList<Role> &roles);

    /// Decides a concrete request: `resource` is a table name or `admin` with an admin area as
    /// the action. Unknown role names are ignored (and named in the reason). System tables
    /// (leading '_') and unknown actions are always denied, even for `*:*`.
    Decision decide(const QStringList &roleNames, const QString &resource,
                    const QString &action) const;

    /// Everything the roles grant, sorted and de-duplicated, leaving out any permission another
    /// one covers (`posts:read` goes when `posts:*` or `*:read` is there).
    QList<Permission> effectivePermissions(const QStringList &roleNames) const;

    /// Every concrete `resource:action` for the valid names in `resourceNames` (sorted, without
    /// system tables), then the admin areas. `:own` is a modifier on a cell, not a separate entry.
    static QList<Permission> catalogue(const QStringList &resourceNames);

    std::optional<Role> role(const QString &name) const;
    QList<Role> roles() const { return m_roles.values(); }
    QStringList roleNames() const { return m_roles.keys(); }

    /// A copy of this snapshot with `role` added or replaced.
    PolicyEvaluator withRole(const Role &role) const;
    /// A copy of this snapshot without the role called `name`.
    PolicyEvaluator withoutRole(const QString &name) const;

private:
    // QMap is implicitly shared and never modified after construction, so concurrent const
    // reads are safe and copies for withRole() are cheap until they diverge.
    QMap<QString, Role> m_roles;
};

} // namespace bb::identity
