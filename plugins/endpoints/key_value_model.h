// bb::plugins::endpoints — an editable table of name/value pairs that can be switched off
// (headers, query parameters, urlencoded and multipart fields), always ending in an empty row
// to type a new pair into.
#pragma once

#include "row_table_model.h"
#include "workspace/request.h"

namespace bb::plugins::endpoints {

class KeyValueModel : public RowTableModel<workspace::KeyValue> {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, ColumnCount };

    explicit KeyValueModel(QObject *parent = nullptr);

    /// Replaces the rows without emitting edited().
    void setItems(const QList<workspace::KeyValue> &items) { setRows(items); }
    /// The rows the user filled in (the trailing empty row is not one).
    QList<workspace::KeyValue> items() const { return rows(); }
    void removeItem(int row) { removeRowAt(row); }

protected:
    QVariant cell(const workspace::KeyValue &kv, int column, int role) const override;
    bool setCell(workspace::KeyValue &kv, int column, const QVariant &value, int role) override;
};

} // namespace bb::plugins::endpoints
