// bb::plugins::endpoints — the multipart body's parts: text fields and files, each switchable,
// ending in an empty row to type a new part into.
#pragma once

#include "row_table_model.h"
#include "workspace/request.h"

namespace bb::plugins::endpoints {

class FormFieldModel : public RowTableModel<workspace::FormField> {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, FileColumn, ContentTypeColumn, ColumnCount };

    explicit FormFieldModel(QObject *parent = nullptr);

    void setFields(const QList<workspace::FormField> &fields) { setRows(fields); }
    QList<workspace::FormField> fields() const { return rows(); }
    /// Makes `row` a file part (a new part when row is the trailing empty row).
    void setFile(int row, const QString &path);
    void removeField(int row) { removeRowAt(row); }

protected:
    QVariant cell(const workspace::FormField &f, int column, int role) const override;
    bool setCell(workspace::FormField &f, int column, const QVariant &value, int role) override;
};

} // namespace bb::plugins::endpoints
