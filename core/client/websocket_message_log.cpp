#include "client/websocket_message_log.h"

#include <QLocale>

namespace bb::client {

QString WebSocketMessage::text() const
{
    if (direction == Direction::Event)
        return note;
    if (binary)
        return QString::fromLatin1(payload.toHex(' '));
    return QString::fromUtf8(payload);
}

WebSocketMessageLog::WebSocketMessageLog(QObject *parent)
    : QAbstractTableModel(parent)
{}

void WebSocketMessageLog::append(const WebSocketMessage &message)
{
    if (m_maxRows > 0 && m_messages.size() >= m_maxRows) {
        const int drop = int(m_messages.size()) - m_maxRows + 1;
        beginRemoveRows({}, 0, drop - 1);
        m_messages.remove(0, drop);
        endRemoveRows();
    }
    const int row = int(m_messages.size());
    beginInsertRows({}, row, row);
    m_messages.append(message);
    endInsertRows();
}

void WebSocketMessageLog::clear()
{
    beginResetModel();
    m_messages.clear();
    endResetModel();
}

void WebSocketMessageLog::setMaxRows(int maxRows)
{
    m_maxRows = maxRows;
    if (maxRows > 0 && m_messages.size() > maxRows) {
        beginRemoveRows({}, 0, int(m_messages.size()) - maxRows - 1);
        m_messages.remove(0, m_messages.size() - maxRows);
        endRemoveRows();
    }
}

int WebSocketMessageLog::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

int WebSocketMessageLog::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WebSocketMessageLog::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_messages.size())
        return {};
    const WebSocketMessage &m = m_messages.at(index.row());
    if (role == MessageDirectionRole)
        return int(m.direction);
    if (role == PayloadRole)
        return m.payload;
    if (role == Qt::ToolTipRole && index.column() == TextColumn)
        return m.text().left(2000);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return m.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case DirectionColumn:
        switch (m.direction) {
        case WebSocketMessage::Direction::Sent:
            return QStringLiteral("↑ sent");
        case WebSocketMessage::Direction::Received:
            return QStringLiteral("↓ received");
        case WebSocketMessage::Direction::Event:
            return QStringLiteral("• event");
        }
        return {};
    case SizeColumn:
        return m.direction == WebSocketMessage::Direction::Event
                   ? QString()
                   : QLocale::system().formattedDataSize(m.payload.size(), 1,
                                                         QLocale::DataSizeTraditionalFormat);
    case TextColumn: {
        // One line per row; the view's detail pane shows the whole message.
        QString t = m.text().left(500);
        t.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return t;
    }
    }
    return {};
}

QVariant WebSocketMessageLog::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        return tr("Direction");
    case SizeColumn:
        return tr("Size");
    case TextColumn:
        return tr("Message");
    }
    return {};
}

} // namespace bb::client
