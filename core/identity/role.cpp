#include "identity/role.h"

namespace bb::identity {

namespace {

constexpr int MaxRoleNameLength = 64;

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

Permission fixed(const QString &text)
{
    // Only used for the built-ins' literal texts, which parse by construction (tst_policy checks).
    return Permission::parse(text).value();
}

QList<Permission> onEveryResource(const QStringList &actions)
{
    QList<Permission> permissions;
    for (const QString &action : actions)
        permissions.append(fixed(Permission::Wildcard + u':' + action));
    return permissions;
}

} // namespace

Result<void> Role::validateName(const QString &name)
{
    if (name.isEmpty())
        return Error::invalid(QStringLiteral("a role needs a name"), 0);
    if (name.size() > MaxRoleNameLength)
        return Error::invalid(
            QStringLiteral("role name is longer than %1 characters at %1").arg(MaxRoleNameLength),
            MaxRoleNameLength);
    if (!isAsciiLetter(name.front()))
        return Error::invalid(QStringLiteral("role name must start with a letter at 0"), 0);
    for (qsizetype i = 1; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (!isAsciiLetter(c) && !(c >= u'0' && c <= u'9') && c != u'_' && c != u'-')
            return Error::invalid(QStringLiteral("invalid character '%1' in role name at %2")
                                      .arg(QString(c), QString::number(i)),
                                  int(i));
    }
    return {};
}

Result<Role> Role::create(const QString &name, const QString &description,
                          const QStringList &permissionTexts)
{
    if (auto ok = validateName(name); !ok)
        return ok.error();
    if (isBuiltInRoleName(name))
        return Error{ErrorCode::Conflict, QStringLiteral("'%1' is a built-in role").arg(name), -1};
    auto permissions = parsePermissions(permissionTexts);
    if (!permissions)
        return permissions.error();
    return Role{name, description, std::move(permissions).value(), false};
}

bool Role::permissionsEditable() const
{
    return !builtIn || name == BuiltInRole::Anonymous;
}

QList<Role> builtInRoles()
{
    const QStringList &actions = Permission::resourceActions();
    const QStringList editorActions{actions.at(0), actions.at(1), actions.at(2), actions.at(3)};
    const QStringList viewerActions{actions.at(0), actions.at(1)};
    return {
        Role{BuiltInRole::Admin,
             QStringLiteral("Everything, including the admin areas."),
             {fixed(QStringLiteral("*:*"))},
             true},
        Role{BuiltInRole::Editor,
             QStringLiteral("Lists, reads, creates and updates rows of every resource; no "
                            "delete, no admin areas."),
             onEveryResource(editorActions), true},
        Role{BuiltInRole::Viewer, QStringLiteral("Lists and reads rows of every resource."),
             onEveryResource(viewerActions), true},
        Role{BuiltInRole::Anonymous,
             QStringLiteral("What a caller without credentials gets; empty until an admin "
                            "grants something."),
             {},
             true},
    };
}

bool isBuiltInRoleName(const QString &name)
{
    return name == BuiltInRole::Admin || name == BuiltInRole::Editor ||
           name == BuiltInRole::Viewer || name == BuiltInRole::Anonymous;
}

} // namespace bb::identity
