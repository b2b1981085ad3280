// bb::plugins::endpoints — one environment's variables as an editable table: enabled, name,
// value, and whether the value is a secret (kept in the OS keychain, never in the files).
#pragma once

#include "row_table_model.h"
#include "workspace/request.h"

namespace bb::plugins::endpoints {

class EnvironmentModel : public RowTableModel<workspace::Variable> {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SecretColumn, ColumnCount };

    explicit EnvironmentModel(QObject *parent = nullptr);

    void setVariables(const QList<workspace::Variable> &variables) { setRows(variables); }
    QList<workspace::Variable> variables() const { return rows(); }
    void removeVariable(int row) { removeRowAt(row); }

protected:
    QVariant cell(const workspace::Variable &v, int column, int role) const override;
    bool setCell(workspace::Variable &v, int column, const QVariant &value, int role) override;
    /// A variable starts with its name.
    bool createsRow(int column) const override { return column == NameColumn; }
    Qt::ItemFlags cellFlags(int column, bool real) const override;
};

} // namespace bb::plugins::endpoints
