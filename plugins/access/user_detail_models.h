// bb::plugins::access — a user's live sessions and API keys as small tables.
#pragma once

#include "records.h"

#include <QAbstractTableModel>
#include <QList>

namespace bb::plugins::access {

class SessionTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        CreatedColumn,
        LastUsedColumn,
        ExpiresColumn,
        IpColumn,
        AgentColumn,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setSessions(const QList<SessionRecord> &sessions);
    const QList<SessionRecord> &sessions() const { return m_items; }

private:
    QList<SessionRecord> m_items;
};

class ApiKeyTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        PrefixColumn,
        CreatedColumn,
        LastUsedColumn,
        StateColumn,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setKeys(const QList<ApiKeyRecord> &keys);
    const QList<ApiKeyRecord> &keys() const { return m_items; }

private:
    QList<ApiKeyRecord> m_items;
};

} // namespace bb::plugins::access
