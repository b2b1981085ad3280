#include "dbx/table_model.h"
#include "dbx/row_source.h"
#include <limits>

namespace bb::dbx {

TableModel::TableModel(RowSource *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
{
    m_rows = clampedCount();
    connect(source, &RowSource::rowsArrived, this, &TableModel::onRowsArrived);
    connect(source, &RowSource::rowCountChanged, this, &TableModel::onRowCountChanged);
    connect(source, &RowSource::rowsReset, this, &TableModel::onRowsReset);
}

// Qt's views count rows in int; a larger table shows its first 2^31-1 rows.
int TableModel::clampedCount() const
{
    return int(std::min<qint64>(m_source->rowCount(), std::numeric_limits<int>::max()));
}

int TableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_source->table().columns.size());
}

QVariant TableModel::displayValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::QByteArray)
        return QStringLiteral("BLOB (%1 bytes)").arg(value.toByteArray().size());
    return value;
}

QVariant TableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.column() >= columnCount())
        return {};
    const Row *row = m_source->row(index.row());
    if (role == LoadedRole)
        return row != nullptr;
    if (!row)
        return {};
    const QVariant value = row->values.value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(value);
    case Qt::EditRole:
    case RawValueRole:
        return value;
    case IsNullRole:
        return value.isNull();
    case Qt::ToolTipRole:
        return value.isNull() ? QStringLiteral("NULL") : QVariant();
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    const auto &cols = m_source->table().columns;
    return section >= 0 && section < cols.size() ? QVariant(cols[section].name) : QVariant();
}

QHash<int, QByteArray> TableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IsNullRole, "isNull");
    names.insert(RawValueRole, "rawValue");
    names.insert(LoadedRole, "loaded");
    return names;
}

void TableModel::setVisibleRange(int first, int last)
{
    m_first = first;
    m_last = last;
    m_source->requestRows(first, last);
}

void TableModel::onRowsArrived(qint64 first, qint64 last)
{
    // Rows past the count the view knows arrive with a count change that follows.
    const qint64 end = std::min<qint64>(last, m_rows - 1);
    if (first > end || columnCount() == 0)
        return;
    emit dataChanged(index(int(first), 0), index(int(end), columnCount() - 1));
}

void TableModel::onRowCountChanged(qint64)
{
    const int count = clampedCount();
    if (count > m_rows) {
        beginInsertRows({}, m_rows, count - 1);
        m_rows = count;
        endInsertRows();
        // The newly counted rows may already be cached (a short last page ended the count).
        emit dataChanged(index(0, 0), index(m_rows - 1, std::max(0, columnCount() - 1)));
    } else if (count < m_rows) {
        beginRemoveRows({}, count, m_rows - 1);
        m_rows = count;
        endRemoveRows();
    }
    if (m_last >= 0)
        m_source->requestRows(m_first, m_last);
}

void TableModel::onRowsReset()
{
    beginResetModel();
    m_rows = clampedCount();
    endResetModel();
    if (m_last >= 0)
        m_source->requestRows(m_first, m_last);
}

} // namespace bb::dbx
