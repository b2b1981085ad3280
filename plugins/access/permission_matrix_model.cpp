#include "permission_matrix_model.h"

#include "admin_api.h"
#include "shell/theme.h"

#include <QGuiApplication>
#include <QJsonArray>

namespace bb::plugins::access {

namespace {
const QString kAdminPrefix = QStringLiteral("admin:");

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}

Qt::CheckState checkState(Grant g)
{
    switch (g) {
    case Grant::None:
        return Qt::Unchecked;
    case Grant::Own:
        return Qt::PartiallyChecked;
    case Grant::All:
        return Qt::Checked;
    }
    return Qt::Unchecked;
}
} // namespace

PermissionCatalogue PermissionCatalogue::fromJson(const QJsonObject &o)
{
    PermissionCatalogue c;
    c.resources = strings(o.value(QLatin1String("resources")));
    c.actions = strings(o.value(QLatin1String("actions")));
    if (c.actions.isEmpty())
        c.actions = {QStringLiteral("list"), QStringLiteral("read"), QStringLiteral("create"),
                     QStringLiteral("update"), QStringLiteral("delete")};
    // Accept "users" and "admin:users" alike: the matrix only needs the area's name.
    for (QString area : strings(o.value(QLatin1String("adminAreas")))) {
        if (area.startsWith(kAdminPrefix))
            area = area.mid(kAdminPrefix.size());
        c.adminAreas << area;
    }
    return c;
}

PermissionMatrixModel::PermissionMatrixModel(AdminApi *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{}

int PermissionMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_catalogue.resources.size() + m_catalogue.adminAreas.size());
}

int PermissionMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_catalogue.actions.size());
}

int PermissionMatrixModel::rowOfResource(const QString &resource) const
{
    return int(m_catalogue.resources.indexOf(resource));
}

int PermissionMatrixModel::rowOfAdminArea(const QString &area) const
{
    const qsizetype i = m_catalogue.adminAreas.indexOf(area);
    return i < 0 ? -1 : resourceRowCount() + int(i);
}

int PermissionMatrixModel::columnOfAction(const QString &action) const
{
    return int(m_catalogue.actions.indexOf(action));
}

bool PermissionMatrixModel::ownAllowed(int row) const
{
    if (isAdminRow(row))
        return false;
    return !m_ownerTablesKnown || m_ownerTables.contains(m_catalogue.resources.value(row));
}

Grant PermissionMatrixModel::explicitGrant(int row, int column) const
{
    return m_current.value({row, column}, Grant::None);
}

Grant PermissionMatrixModel::impliedGrant(int row, int column, QString *by) const
{
    Grant best = Grant::None;
    QString source;
    for (const ParsedPermission &w : m_wildcards) {
        const bool covers =
            isAdminRow(row)
                ? column == 0 &&
                      w.coversAdminArea(m_catalogue.adminAreas.value(row - resourceRowCount()))
                : w.coversResource(m_catalogue.resources.value(row),
                                   m_catalogue.actions.value(column));
        if (covers && int(w.grant()) > int(best)) {
            best = w.grant();
            source = permissionText(w.resource, w.action, w.grant());
        }
    }
    if (by)
        *by = source;
    return best;
}

Grant PermissionMatrixModel::grant(int row, int column) const
{
    const Grant e = explicitGrant(row, column);
    const Grant i = impliedGrant(row, column);
    return int(e) >= int(i) ? e : i;
}

bool PermissionMatrixModel::isCellDirty(int row, int column) const
{
    return m_current.value({row, column}, Grant::None) !=
           m_original.value({row, column}, Grant::None);
}

int PermissionMatrixModel::dirtyCount() const
{
    QSet<Cell> cells;
    for (auto it = m_current.constBegin(); it != m_current.constEnd(); ++it)
        cells.insert(it.key());
    for (auto it = m_original.constBegin(); it != m_original.constEnd(); ++it)
        cells.insert(it.key());
    int n = 0;
    for (const Cell &c : cells)
        n += isCellDirty(c.first, c.second) ? 1 : 0;
    return n;
}

QString PermissionMatrixModel::cellText(int row, int column, Grant g) const
{
    if (isAdminRow(row))
        return permissionText(QStringLiteral("admin"),
                              m_catalogue.adminAreas.value(row - resourceRowCount()), Grant::All);
    return permissionText(m_catalogue.resources.value(row), m_catalogue.actions.value(column), g);
}

QVariant PermissionMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int row = index.row();
    const int col = index.column();
    if (isAdminRow(row) && col > 0)
        return {};
    const Grant g = grant(row, col);
    QString by;
    const Grant implied = impliedGrant(row, col, &by);
    switch (role) {
    case Qt::CheckStateRole:
        return checkState(g);
    case Qt::DisplayRole:
        // Words beside the box, so "own" does not rest on telling a partial check apart.
        if (isAdminRow(row))
            return tr("access");
        return g == Grant::Own ? tr("own") : QString();
    case Qt::BackgroundRole:
        if (isCellDirty(row, col)) {
            QColor c = shell::toneColor(QGuiApplication::palette(), shell::Tone::Warning);
            c.setAlpha(70);
            return c;
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        if (!by.isEmpty())
            lines << tr("granted by %1").arg(by);
        const Grant e = explicitGrant(row, col);
        if (e != Grant::None)
            lines << cellText(row, col, e);
        if (g == Grant::Own)
            lines << tr("own rows only: those whose owner_id is the caller");
        if (isCellDirty(row, col))
            lines << tr("unsaved change (was: %1)")
                         .arg(m_original.value({row, col}, Grant::None) == Grant::None
                                  ? tr("not granted")
                                  : cellText(row, col, m_original.value({row, col})));
        if (!isEditable() && m_role.isValid())
            lines << tr("The built-in role %1 cannot be changed.").arg(m_role.name);
        else if (!isAdminRow(row) && !ownAllowed(row))
            lines << tr("%1 has no owner_id column, so it cannot be granted for own rows.")
                         .arg(m_catalogue.resources.value(row));
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    case DirtyRole:
        return isCellDirty(row, col);
    case ImpliedByRole:
        return implied == Grant::None ? QVariant() : QVariant(by);
    case GrantRole:
        return int(g);
    }
    return {};
}

Qt::ItemFlags PermissionMatrixModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const int row = index.row();
    const int col = index.column();
    if (isAdminRow(row) && col > 0)
        return Qt::NoItemFlags;
    // A cell a wildcard already grants in full cannot be changed here: greyed, with the reason.
    if (impliedGrant(row, col) == Grant::All)
        return Qt::ItemIsSelectable;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (isEditable()) {
        f |= Qt::ItemIsUserCheckable;
        if (ownAllowed(row))
            f |= Qt::ItemIsUserTristate;
    }
    return f;
}

bool PermissionMatrixModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole)
        return false;
    Grant g = Grant::None;
    switch (Qt::CheckState(value.toInt())) {
    case Qt::Unchecked:
        g = Grant::None;
        break;
    case Qt::PartiallyChecked:
        g = Grant::Own;
        break;
    case Qt::Checked:
        g = Grant::All;
        break;
    }
    return setGrant(index.row(), index.column(), g);
}

bool PermissionMatrixModel::setGrant(int row, int column, Grant g)
{
    if (!isEditable() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return false;
    if (isAdminRow(row) && (column != 0 || g == Grant::Own))
        return false;
    if (g == Grant::Own && !ownAllowed(row))
        return false;
    if (impliedGrant(row, column) == Grant::All)
        return false;
    // What a wildcard already grants needs no cell of its own.
    if (int(g) <= int(impliedGrant(row, column)))
        g = Grant::None;
    const int before = dirtyCount();
    if (g == Grant::None)
        m_current.remove({row, column});
    else
        m_current.insert({row, column}, g);
    const QModelIndex i = index(row, column);
    emit dataChanged(i, i);
    const int after = dirtyCount();
    if (after != before)
        emit dirtyChanged(after);
    return true;
}

QStringList PermissionMatrixModel::permissionsForApply() const
{
    QStringList out = m_keptTexts;
    for (int row = 0; row < rowCount(); ++row) {
        for (int col = 0; col < columnCount(); ++col) {
            const Grant g = explicitGrant(row, col);
            if (g != Grant::None)
                out << cellText(row, col, g);
        }
    }
    return out;
}

void PermissionMatrixModel::setCatalogue(const PermissionCatalogue &catalogue)
{
    if (catalogue == m_catalogue)
        return; // a reload with the same schema: nothing moves, edits stay
    // Cells are positions in the catalogue: re-read the role against the new one, and carry
    // unsaved edits over by their text (an edit on a table that is gone is dropped).
    const bool wasDirty = isDirty();
    const QStringList pending = permissionsForApply();
    beginResetModel();
    m_catalogue = catalogue;
    readPermissions(m_role.permissions, &m_original, &m_keptTexts, &m_wildcards);
    m_current = m_original;
    if (wasDirty) {
        QStringList keptAgain;
        QList<ParsedPermission> wildcardsAgain;
        readPermissions(pending, &m_current, &keptAgain, &wildcardsAgain);
    }
    endResetModel();
    const int dirty = dirtyCount();
    if (wasDirty || dirty > 0)
        emit dirtyChanged(dirty);
}

void PermissionMatrixModel::setOwnerTables(const QSet<QString> &tables)
{
    m_ownerTables = tables;
    m_ownerTablesKnown = true;
    emitAllChanged();
}

void PermissionMatrixModel::readPermissions(const QStringList &texts, QHash<Cell, Grant> *cells,
                                            QStringList *kept,
                                            QList<ParsedPermission> *wildcards) const
{
    cells->clear();
    kept->clear();
    wildcards->clear();
    for (const QString &text : texts) {
        const ParsedPermission p = ParsedPermission::parse(text);
        int row = -1;
        int col = -1;
        if (p.valid && !p.isWildcard()) {
            if (p.isAdmin()) {
                row = rowOfAdminArea(p.action);
                col = 0;
            } else {
                row = rowOfResource(p.resource);
                col = columnOfAction(p.action);
            }
        }
        if (row < 0 || col < 0) {
            if (p.valid && p.isWildcard())
                *wildcards << p;
            *kept << text;
            continue;
        }
        const Grant g = p.grant();
        if (int(g) > int(cells->value({row, col}, Grant::None)))
            cells->insert({row, col}, g);
    }
}

void PermissionMatrixModel::setRole(const RoleRecord &role)
{
    const bool wasDirty = isDirty();
    m_role = role;
    readPermissions(role.permissions, &m_original, &m_keptTexts, &m_wildcards);
    m_current = m_original;
    emitAllChanged();
    if (wasDirty)
        emit dirtyChanged(0);
}

void PermissionMatrixModel::revert()
{
    if (!isDirty())
        return;
    m_current = m_original;
    emitAllChanged();
    emit dirtyChanged(0);
}

void PermissionMatrixModel::emitAllChanged()
{
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    emit headerDataChanged(Qt::Vertical, 0, qMax(0, rowCount() - 1));
}

QVariant PermissionMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role == Qt::DisplayRole)
            return m_catalogue.actions.value(section);
        return {};
    }
    if (role == Qt::DisplayRole) {
        if (isAdminRow(section))
            return kAdminPrefix + m_catalogue.adminAreas.value(section - resourceRowCount());
        return m_catalogue.resources.value(section);
    }
    if (role == Qt::ToolTipRole && isAdminRow(section))
        return tr("An admin area: one grant opens the whole area.");
    return {};
}

void PermissionMatrixModel::loadCatalogue()
{
    if (!m_api)
        return;
    m_api->get(QStringLiteral("/api/admin/permissions"), {}, this, [this](const ApiResponse &r) {
        if (!r.ok()) {
            emit failed(r.error);
            return;
        }
        setCatalogue(PermissionCatalogue::fromJson(r.object()));
        emit catalogueLoaded();
    });
    // Which tables can hold "own" rows: the schema names their columns. It needs admin:schema;
    // without it the matrix offers ":own" everywhere and the server has the last word.
    m_api->get(QStringLiteral("/api/admin/schema"), {}, this, [this](const ApiResponse &r) {
        const QJsonArray tables = r.object().value(QLatin1String("tables")).toArray();
        if (!r.ok() || tables.isEmpty())
            return;
        QSet<QString> owners;
        for (const QJsonValue &t : tables) {
            const QJsonObject o = t.toObject();
            for (const QJsonValue &c : o.value(QLatin1String("columns")).toArray()) {
                if (c.toObject().value(QLatin1String("name")).toString() ==
                    QLatin1String("owner_id"))
                    owners.insert(o.value(QLatin1String("name")).toString());
            }
        }
        setOwnerTables(owners);
    });
}

bool PermissionMatrixModel::apply()
{
    if (!m_api || !isEditable() || !isDirty() || m_applying)
        return false;
    m_applying = true;
    QJsonObject body;
    body.insert(QStringLiteral("permissions"), QJsonArray::fromStringList(permissionsForApply()));
    const qint64 roleId = m_role.id;
    m_api->put(QStringLiteral("/api/admin/roles/%1/permissions").arg(roleId), body, this,
               [this, roleId](const ApiResponse &r) {
                   m_applying = false;
                   if (!r.ok()) {
                       emit failed(tr("Could not apply the permissions: %1").arg(r.error));
                       return;
                   }
                   const RoleRecord role = RoleRecord::fromJson(r.object());
                   if (m_role.id == roleId)
                       setRole(role);
                   emit applied(role);
               });
    return true;
}

} // namespace bb::plugins::access
