// bb::plugins::endpoints — an editable table of name/value pairs that can be switched off
// (headers, query parameters, urlencoded and multipart fields), always ending in an empty row
// to type a new pair into.
#pragma once

#include "workspace/request.h"

#include <QAbstractTableModel>

namespace bb::plugins::endpoints {

class KeyValueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, ColumnCount };

    explicit KeyValueModel(QObject *parent = nullptr);

    /// Replaces the rows without emitting edited().
    void setItems(const QList<workspace::KeyValue> &items);
    /// The rows the user filled in (the trailing empty row is not one).
    QList<workspace::KeyValue> items() const { return m_items; }
    void removeItem(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    /// The user changed, added, switched or removed a row.
    void edited();

private:
    QList<workspace::KeyValue> m_items;
};

} // namespace bb::plugins::endpoints
