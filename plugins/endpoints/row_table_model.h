// bb::plugins::endpoints — what the panel's editable tables share: one row per item that can be
// switched off (its check box in the first column, greyed when off), and a trailing empty row
// to type a new item into. Each table supplies only its columns and how a cell reads and writes.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

namespace bb::plugins::endpoints {

/// The part that cannot be a template: Qt's meta-object (the edited() signal).
class RowTableModelBase : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

signals:
    /// The user changed, added, switched or removed a row.
    void edited();
};

/// Row is a value type with a `bool enabled` member (KeyValue, Variable, FormField).
template<typename Row> class RowTableModel : public RowTableModelBase {
public:
    /// `headers` gives the columns; `placeholder` is shown in the trailing row's first column.
    RowTableModel(QStringList headers, QString placeholder, QObject *parent)
        : RowTableModelBase(parent)
        , m_headers(std::move(headers))
        , m_placeholder(std::move(placeholder))
    {}

    /// Replaces the rows without emitting edited().
    void setRows(const QList<Row> &rows)
    {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }
    /// The rows the user filled in (the trailing empty row is not one).
    const QList<Row> &rows() const { return m_rows; }
    void removeRowAt(int row)
    {
        if (row < 0 || row >= m_rows.size())
            return;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        emit edited();
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size()) + 1;
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_headers.size());
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!index.isValid())
            return {};
        if (index.row() >= m_rows.size()) {
            if (role == Qt::DisplayRole && index.column() == 0)
                return m_placeholder;
            if (role == Qt::ForegroundRole)
                return QColor(Qt::gray);
            return {};
        }
        const Row &r = m_rows.at(index.row());
        if (role == Qt::CheckStateRole && index.column() == 0)
            return r.enabled ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ForegroundRole)
            return r.enabled ? QVariant() : QVariant(QColor(Qt::gray));
        return cell(r, index.column(), role);
    }
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override
    {
        if (!index.isValid())
            return false;
        const int row = index.row();
        if (row >= m_rows.size()) {
            // Typing into the trailing row creates the item; an empty edit creates nothing.
            if (role != Qt::EditRole || value.toString().isEmpty() || !createsRow(index.column()))
                return false;
            ensureRow(row);
        }
        Row &r = m_rows[row];
        if (role == Qt::CheckStateRole && index.column() == 0)
            r.enabled = value.toInt() == Qt::Checked;
        else if (!setCell(r, index.column(), value, role))
            return false;
        rowEdited(row);
        return true;
    }
    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        if (!index.isValid())
            return Qt::NoItemFlags;
        const bool real = index.row() < m_rows.size();
        Qt::ItemFlags f =
            Qt::ItemIsEnabled | Qt::ItemIsSelectable | cellFlags(index.column(), real);
        if (index.column() == 0 && real)
            f |= Qt::ItemIsUserCheckable;
        return f;
    }
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        return m_headers.value(section);
    }

protected:
    /// A cell's data for any role but the first column's check state and the greyed foreground.
    virtual QVariant cell(const Row &row, int column, int role) const = 0;
    /// Writes a cell (any role but the first column's check state); false if it is not writable.
    virtual bool setCell(Row &row, int column, const QVariant &value, int role) = 0;
    /// Whether typing into this column of the trailing row creates an item.
    virtual bool createsRow(int column) const
    {
        Q_UNUSED(column);
        return true;
    }
    /// Flags besides enabled, selectable and the first column's check box.
    virtual Qt::ItemFlags cellFlags(int column, bool real) const
    {
        Q_UNUSED(column);
        Q_UNUSED(real);
        return Qt::ItemIsEditable;
    }

    /// Appends empty rows up to `row`.
    void ensureRow(int row)
    {
        if (row < m_rows.size())
            return;
        beginInsertRows({}, int(m_rows.size()), row);
        while (m_rows.size() <= row)
            m_rows.append(Row{});
        endInsertRows();
    }
    void rowEdited(int row)
    {
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        emit edited();
    }

    QList<Row> m_rows;

private:
    QStringList m_headers;
    QString m_placeholder;
};

} // namespace bb::plugins::endpoints
