// bb::plugins::database — one result set of the SQL runner as a read-only table; it answers the
// same roles as dbx::TableModel so the grid's CellDelegate and value viewer work on it unchanged.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariantList>

namespace bb::plugins::database {

class ResultSetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    ResultSetModel(QStringList columns, QList<QVariantList> rows, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    QList<QVariantList> m_rows;
};

} // namespace bb::plugins::database
