// bb::identity — roles: named sets of permissions, the four built-ins and validation of custom
// ones.
#pragma once

#include "common/result.h"
#include "identity/permission.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace bb::identity {

/// A named set of permissions. Built-in roles cannot be renamed or deleted.
struct Role {
    QString name;
    QString description;
    QList<Permission> permissions;
    bool builtIn = false;

    /// Builds a custom role from text permissions; errors name the bad entry and its position.
    static Result<Role> create(const QString &name, const QString &description,
                               const QStringList &permissionTexts);
    /// Role names: 1–64 letters, digits, '_' or '-', starting with a letter.
    static Result<void> validateName(const QString &name);

    /// Only anonymous among the built-ins is editable: admin, editor and viewer keep the meaning
    /// DESIGN §3 gives them, so a token carrying "viewer" means the same on every engine.
    bool permissionsEditable() const;
    /// The permissions as text, in the role's order.
    QStringList permissionStrings() const { return toStrings(permissions); }

    friend bool operator==(const Role &a, const Role &b) = default;
};

/// The names of the built-in roles.
namespace BuiltInRole {
inline const QString Admin = QStringLiteral("admin");
inline const QString Editor = QStringLiteral("editor");
inline const QString Viewer = QStringLiteral("viewer");
inline const QString Anonymous = QStringLiteral("anonymous");
} // namespace BuiltInRole

/// admin (`*:*`), editor (list/read/create/update on every resource table), viewer (list/read)
/// and anonymous (empty), in that order. None of them but admin reaches the admin areas.
QList<Role> builtInRoles();

/// True for admin, editor, viewer and anonymous.
bool isBuiltInRoleName(const QString &name);

} // namespace bb::identity
