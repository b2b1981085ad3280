// bb::plugins::endpoints — one environment's variables as an editable table: enabled, name,
// value, and whether the value is a secret (kept in the OS keychain, never in the files).
#pragma once

#include "workspace/request.h"

#include <QAbstractTableModel>

namespace bb::plugins::endpoints {

class EnvironmentModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SecretColumn, ColumnCount };

    explicit EnvironmentModel(QObject *parent = nullptr);

    void setVariables(const QList<workspace::Variable> &variables);
    QList<workspace::Variable> variables() const { return m_vars; }
    void removeVariable(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void edited();

private:
    QList<workspace::Variable> m_vars;
};

} // namespace bb::plugins::endpoints
