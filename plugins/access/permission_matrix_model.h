// bb::plugins::access — one role's permissions as a resources × actions grid of checkboxes.
#pragma once

#include "permission_grant.h"
#include "records.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QSet>

namespace bb::plugins::access {

class AdminApi;

/// What may be granted, from `GET /api/admin/permissions`.
struct PermissionCatalogue {
    QStringList resources;  ///< tables
    QStringList actions;    ///< list, read, create, update, delete
    QStringList adminAreas; ///< users, roles, logs, … (without the `admin:` prefix)

    static PermissionCatalogue fromJson(const QJsonObject &o);
    bool operator==(const PermissionCatalogue &) const = default;
    bool isEmpty() const { return resources.isEmpty() && adminAreas.isEmpty(); }
};

/// Rows are the resources then the admin areas; columns are the actions (an admin row uses only
/// the first column). A cell's CheckStateRole is tri-state: Unchecked = none, PartiallyChecked =
/// own rows only (`r:a:own`), Checked = every row (`r:a`). Wildcards the role holds (`*:read`,
/// `posts:*`, `*:*`) are not cells: they show as implied (checked, greyed, "granted by …") and
/// are sent back unchanged, as is anything the matrix does not know (a dropped table's grant).
/// Edits stay local until apply(), which sends the whole list in one PUT; revert() drops them.
class PermissionMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { DirtyRole = Qt::UserRole + 1, ImpliedByRole, GrantRole };

    explicit PermissionMatrixModel(AdminApi *api = nullptr, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setCatalogue(const PermissionCatalogue &catalogue);
    const PermissionCatalogue &catalogue() const { return m_catalogue; }
    /// Tables that have an owner_id column; only they can be granted `:own`. Until this is
    /// called every table may be (the server refuses what it cannot store, with a message).
    void setOwnerTables(const QSet<QString> &tables);
    /// Shows `role` and drops unsaved edits.
    void setRole(const RoleRecord &role);
    const RoleRecord &role() const { return m_role; }
    bool hasRole() const { return m_role.isValid(); }
    bool isEditable() const { return m_role.isValid() && m_role.editable; }

    int resourceRowCount() const { return int(m_catalogue.resources.size()); }
    bool isAdminRow(int row) const { return row >= resourceRowCount(); }
    int rowOfResource(const QString &resource) const;
    int rowOfAdminArea(const QString &area) const;
    int columnOfAction(const QString &action) const;

    /// What the cell grants, explicit or through a wildcard.
    Grant grant(int row, int column) const;
    /// What the role grants in the cell itself (the part that can be edited).
    Grant explicitGrant(int row, int column) const;
    /// The strongest wildcard covering the cell and the text that grants it (empty if none).
    Grant impliedGrant(int row, int column, QString *by = nullptr) const;
    /// Edits the cell; refused (false) for read-only roles, admin rows with `Own`, and `Own` on
    /// tables without owner_id.
    bool setGrant(int row, int column, Grant grant);

    int dirtyCount() const;
    bool isDirty() const { return dirtyCount() > 0; }
    bool isCellDirty(int row, int column) const;
    /// The full permission list the role will have: its wildcards and unknown entries as they
    /// were, then every explicit cell in row/column order.
    QStringList permissionsForApply() const;

    /// Loads the catalogue and, from the schema (admin:schema), which tables have owner_id.
    void loadCatalogue();
    /// Sends permissionsForApply() in one `PUT /api/admin/roles/{id}/permissions`; on success
    /// the answer becomes the role (no unsaved edits). Returns false when there is nothing to
    /// send or the role is read-only.
    bool apply();
    bool isApplying() const { return m_applying; }
    /// Drops unsaved edits.
    void revert();

signals:
    void dirtyChanged(int count);
    void applied(const bb::plugins::access::RoleRecord &role);
    void catalogueLoaded();
    void failed(const QString &message);

private:
    using Cell = QPair<int, int>;
    void emitAllChanged();
    /// Splits permission texts into cells, wildcards, and texts kept as they are.
    void readPermissions(const QStringList &texts, QHash<Cell, Grant> *cells, QStringList *kept,
                         QList<ParsedPermission> *wildcards) const;
    bool ownAllowed(int row) const;
    QString cellText(int row, int column, Grant grant) const;

    AdminApi *m_api;
    PermissionCatalogue m_catalogue;
    QSet<QString> m_ownerTables;
    bool m_ownerTablesKnown = false;
    RoleRecord m_role;
    QList<ParsedPermission> m_wildcards;
    QStringList m_keptTexts; ///< wildcards and unknown entries, in the role's order
    QHash<Cell, Grant> m_original;
    QHash<Cell, Grant> m_current;
    bool m_applying = false;
};

} // namespace bb::plugins::access
