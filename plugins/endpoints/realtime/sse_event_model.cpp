#include "sse_event_model.h"

namespace bb::endpoints {

SseEventModel::SseEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SseEventModel::append(const client::SseEvent &event)
{
    if (m_maxRows > 0 && m_events.size() >= m_maxRows) {
        const int drop = int(m_events.size()) - m_maxRows + 1;
        beginRemoveRows({}, 0, drop - 1);
        m_events.remove(0, drop);
        endRemoveRows();
    }
    beginInsertRows({}, int(m_events.size()), int(m_events.size()));
    m_events.append(event);
    endInsertRows();
}

void SseEventModel::clear()
{
    beginResetModel();
    m_events.clear();
    endResetModel();
}

int SseEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int SseEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SseEventModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size())
        return {};
    const client::SseEvent &e = m_events.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == DataColumn)
        return e.data.left(2000);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return e.received.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case TypeColumn:
        return e.type;
    case IdColumn:
        return e.lastEventId;
    case DataColumn: {
        QString d = e.data.left(500);
        d.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return d;
    }
    }
    return {};
}

QVariant SseEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Event");
    case IdColumn:
        return tr("Id");
    case DataColumn:
        return tr("Data");
    }
    return {};
}

} // namespace bb::endpoints
