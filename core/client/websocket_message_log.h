// bb::client — what went over a WebSocket, in order, as a table for the realtime views: time,
// direction, size and text. Qt Core only; the views bring the widgets.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>

namespace bb::client {

struct WebSocketMessage {
    enum class Direction { Sent, Received, Event }; ///< Event: connected, closed, pong, error
    QDateTime time;                                 ///< UTC
    Direction direction = Direction::Event;
    bool binary = false;
    QByteArray payload; ///< the bytes as sent or received (UTF-8 for text frames)
    QString note;       ///< for events: what happened
    /// The payload as text: UTF-8 for text frames, hex for binary ones, the note for events.
    QString text() const;
};

class WebSocketMessageLog : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, DirectionColumn, SizeColumn, TextColumn, ColumnCount };
    enum Role { MessageDirectionRole = Qt::UserRole + 1, PayloadRole };

    explicit WebSocketMessageLog(QObject *parent = nullptr);

    /// Adds a row; the oldest rows go once the log holds maxRows (a chatty socket must not
    /// grow memory without end).
    void append(const WebSocketMessage &message);
    const WebSocketMessage &message(int row) const { return m_messages.at(row); }
    int count() const { return int(m_messages.size()); }
    void clear();
    void setMaxRows(int maxRows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<WebSocketMessage> m_messages;
    int m_maxRows = 10000;
};

} // namespace bb::client
