// bb::client — the text/event-stream parser of the WHATWG HTML standard (§9.2.6), fed bytes in
// whatever chunks the network delivers. Kept apart from the transport so it can be tested at
// every byte boundary.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace bb::client {

struct SseEvent {
    QString type = QStringLiteral("message"); ///< the "event:" field, "message" by default
    QString data;                             ///< "data:" lines joined with '\n'
    QString lastEventId;                      ///< the stream's last event ID when dispatched
    QDateTime received;                       ///< UTC, when the blank line ending it arrived
};

class SseParser {
public:
    /// Parses chunk and returns the events it completed, in order. A line or event split over
    /// chunks is held until the rest arrives.
    QList<SseEvent> feed(QByteArrayView chunk);

    /// The last "id:" seen (sent back as Last-Event-ID when reconnecting).
    const QString &lastEventId() const { return m_lastEventId; }
    /// The last valid "retry:" in milliseconds, or -1.
    int retryMs() const { return m_retryMs; }
    /// Comment lines (": ...") seen so far; servers send them as keep-alives.
    int commentCount() const { return m_comments; }

private:
    void processLine(const QByteArray &line, QList<SseEvent> &out);

    QByteArray m_line;         ///< bytes of the line not yet ended
    bool m_afterCr = false;    ///< the previous chunk ended in CR: a leading LF belongs to it
    bool m_bomChecked = false; ///< the stream's leading UTF-8 BOM is dropped once
    QString m_type;
    QString m_data;
    bool m_hasData = false;
    QString m_lastEventId;
    int m_retryMs = -1;
    int m_comments = 0;
};

} // namespace bb::client

Q_DECLARE_METATYPE(bb::client::SseEvent)
