// bb::plugins::access — permission texts as the matrix reads them (`resource:action[:own]`).
#pragma once

#include <QString>
#include <QStringList>

namespace bb::plugins::access {

/// A cell's state: nothing, only the caller's own rows, or every row.
enum class Grant { None = 0, Own = 1, All = 2 };

/// One parsed permission. The panel parses on its own rather than linking the engine's identity
/// module: it talks to remote servers too, and only needs to know which cells a text covers.
struct ParsedPermission {
    QString resource; ///< a table, `*`, or `admin`
    QString action;   ///< an action, an admin area, or `*`
    bool own = false;
    bool valid = false;

    static ParsedPermission parse(const QString &text);
    bool isAdmin() const { return resource == QLatin1String("admin"); }
    bool isWildcard() const
    {
        return resource == QLatin1String("*") || action == QLatin1String("*");
    }
    Grant grant() const { return own ? Grant::Own : Grant::All; }
    /// Whether it grants `action` on the table `table` (at least on own rows).
    bool coversResource(const QString &table, const QString &action) const;
    /// Whether it grants the admin area `area`; only `admin:<area>`, `admin:*` and `*:*` do.
    bool coversAdminArea(const QString &area) const;
};

/// The text for a cell: `posts:read`, `posts:read:own`, `admin:users`.
QString permissionText(const QString &resource, const QString &action, Grant grant);

} // namespace bb::plugins::access
