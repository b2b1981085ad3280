// bb::plugins::endpoints — the multipart body's parts: text fields and files, each switchable,
// ending in an empty row to type a new part into.
#pragma once

#include "workspace/request.h"

#include <QAbstractTableModel>

namespace bb::plugins::endpoints {

class FormFieldModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, FileColumn, ContentTypeColumn, ColumnCount };

    explicit FormFieldModel(QObject *parent = nullptr);

    void setFields(const QList<workspace::FormField> &fields);
    QList<workspace::FormField> fields() const { return m_fields; }
    /// Makes `row` a file part (a new part when row is the trailing empty row).
    void setFile(int row, const QString &path);
    void removeField(int row);

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
    void ensureRow(int row);

    QList<workspace::FormField> m_fields;
};

} // namespace bb::plugins::endpoints
