#include "dbx/table_model.h"
#include "dbx/edit_buffer.h"
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
    return parent.isValid() ? 0 : m_inserted + m_rows;
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
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    if (index.row() < m_inserted)
        return insertedData(index.row(), index.column(), role);
    const Row *row = m_source->row(index.row() - m_inserted);
    if (role == LoadedRole)
        return row != nullptr;
    if (!row)
        return role == RowStateRole ? QVariant(int(RowState::Unchanged)) : QVariant();
    const QVariant *edited = m_buffer ? m_buffer->editedValue(row->key, index.column()) : nullptr;
    const QVariant value = edited ? *edited : row->values.value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(value);
    case Qt::EditRole:
    case RawValueRole:
        return value;
    case IsNullRole:
        return value.isNull();
    case Qt::ToolTipRole: {
        const QString error = m_buffer ? m_buffer->errorFor(row->key) : QString();
        if (!error.isEmpty())
            return error;
        return value.isNull() ? QStringLiteral("NULL") : QVariant();
    }
    case RowStateRole:
        return int(m_buffer ? m_buffer->stateOf(row->key) : RowState::Unchanged);
    case CellEditedRole:
        return edited != nullptr;
    case IsDefaultRole:
        return false;
    case RowErrorRole:
        return m_buffer ? m_buffer->errorFor(row->key) : QString();
    case KeyRole:
        return row->key;
    default:
        return {};
    }
}

QVariant TableModel::insertedData(int insertIndex, int column, int role) const
{
    const QVariant *set = m_buffer ? m_buffer->insertedValue(insertIndex, column) : nullptr;
    const QVariant value = set ? *set : QVariant();
    switch (role) {
    case Qt::DisplayRole:
        return set ? displayValue(value) : QVariant();
    case Qt::EditRole:
    case RawValueRole:
        return value;
    case IsNullRole:
        return set && value.isNull();
    case LoadedRole:
        return true;
    case RowStateRole:
        return int(RowState::Inserted);
    case CellEditedRole:
        return set != nullptr;
    case IsDefaultRole:
        return set == nullptr;
    case RowErrorRole:
    case Qt::ToolTipRole: {
        const QString error = m_buffer ? m_buffer->insertError(insertIndex) : QString();
        if (role == Qt::ToolTipRole && error.isEmpty())
            return set ? QVariant() : QVariant(QStringLiteral("DEFAULT"));
        return error;
    }
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section < m_inserted ? QVariant(QStringLiteral("+"))
                                    : QVariant(section - m_inserted + 1);
    const auto &cols = m_source->table().columns;
    return section >= 0 && section < cols.size() ? QVariant(cols[section].name) : QVariant();
}

QHash<int, QByteArray> TableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IsNullRole, "isNull");
    names.insert(RawValueRole, "rawValue");
    names.insert(LoadedRole, "loaded");
    names.insert(RowStateRole, "rowState");
    names.insert(CellEditedRole, "cellEdited");
    names.insert(IsDefaultRole, "isDefault");
    names.insert(RowErrorRole, "rowError");
    names.insert(KeyRole, "key");
    return names;
}

void TableModel::setVisibleRange(int first, int last)
{
    // The view counts the staged new rows above the source's.
    m_first = std::max(0, first - m_inserted);
    m_last = last - m_inserted;
    if (m_last >= 0)
        m_source->requestRows(m_first, m_last);
}

void TableModel::onRowsArrived(qint64 first, qint64 last)
{
    // Rows past the count the view knows arrive with a count change that follows.
    const qint64 end = std::min<qint64>(last, m_rows - 1);
    if (first > end || columnCount() == 0)
        return;
    emit dataChanged(index(int(first) + m_inserted, 0),
                     index(int(end) + m_inserted, columnCount() - 1));
}

void TableModel::onRowCountChanged(qint64)
{
    const int count = clampedCount();
    const int k = m_inserted;
    if (count > m_rows) {
        beginInsertRows({}, k + m_rows, k + count - 1);
        m_rows = count;
        endInsertRows();
        // The newly counted rows may already be cached (a short last page ended the count).
        emit dataChanged(index(k, 0), index(k + m_rows - 1, std::max(0, columnCount() - 1)));
    } else if (count < m_rows) {
        beginRemoveRows({}, k + count, k + m_rows - 1);
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

void TableModel::setEditBuffer(EditBuffer *buffer)
{
    if (buffer == m_buffer)
        return;
    beginResetModel();
    if (m_buffer)
        disconnect(m_buffer, nullptr, this, nullptr);
    m_buffer = buffer;
    m_inserted = buffer ? buffer->insertedCount() : 0;
    if (buffer) {
        connect(buffer, &EditBuffer::insertAdded, this, &TableModel::onInsertAdded);
        connect(buffer, &EditBuffer::insertRemoved, this, &TableModel::onInsertRemoved);
        connect(buffer, &EditBuffer::changed, this, &TableModel::onBufferChanged);
        connect(buffer, &EditBuffer::cleared, this, &TableModel::onBufferCleared);
        connect(buffer, &QObject::destroyed, this, [this] { setEditBuffer(nullptr); });
    }
    endResetModel();
}

Qt::ItemFlags TableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || !m_buffer || m_buffer->isReadOnly() || m_buffer->isApplying())
        return f;
    if (index.row() < m_inserted)
        return f | Qt::ItemIsEditable;
    const Row *row = m_source->row(index.row() - m_inserted);
    if (row && m_buffer->stateOf(row->key) != RowState::Deleted)
        f |= Qt::ItemIsEditable;
    return f;
}

bool TableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !m_buffer)
        return false;
    bool ok = false;
    if (index.row() < m_inserted) {
        ok = m_buffer->setInsertedValue(index.row(), index.column(), value).ok();
    } else if (const Row *row = m_source->row(index.row() - m_inserted)) {
        const Row copy = *row; // staging may emit signals that touch the cache
        ok = m_buffer->stageEdit(copy, index.column(), value).ok();
    }
    if (ok)
        emit dataChanged(index, index);
    return ok;
}

bool TableModel::insertRows(int, int count, const QModelIndex &parent)
{
    if (parent.isValid() || !m_buffer || count < 1)
        return false;
    for (int i = 0; i < count; ++i) {
        if (!m_buffer->stageInsert())
            return false;
    }
    return true;
}

bool TableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || !m_buffer || row < 0 || count < 1 || row + count > rowCount())
        return false;
    bool all = true;
    // Source rows first (their model rows shift when new rows above them go).
    for (int r = std::max(row, m_inserted); r < row + count; ++r) {
        const Row *src = m_source->row(r - m_inserted);
        all = src && m_buffer->stageDelete(Row(*src)).ok() && all;
    }
    for (int r = std::min(row + count, m_inserted) - 1; r >= row; --r)
        m_buffer->removeInsert(r);
    return all;
}

// New rows are appended to the buffer's list but shown in list order at the top.
void TableModel::onInsertAdded(int insertIndex)
{
    beginInsertRows({}, insertIndex, insertIndex);
    ++m_inserted;
    endInsertRows();
}

void TableModel::onInsertRemoved(int insertIndex)
{
    beginRemoveRows({}, insertIndex, insertIndex);
    --m_inserted;
    endRemoveRows();
}

void TableModel::onBufferChanged()
{
    if (rowCount() > 0 && columnCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    }
}

void TableModel::onBufferCleared()
{
    if (m_inserted > 0) {
        beginRemoveRows({}, 0, m_inserted - 1);
        m_inserted = 0;
        endRemoveRows();
    }
    onBufferChanged();
}

} // namespace bb::dbx
