// Test support — a blocking server-sent-events reader over QTcpSocket: sends one GET, checks
// the head, decodes the chunked body as it arrives and splits it into events. Bounded by
// deadlines; no event loop needed.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTcpSocket>

namespace bbtest {

struct SseEvent {
    QByteArray id;
    QByteArray event;
    QByteArray data;
    QJsonObject json() const { return QJsonDocument::fromJson(data).object(); }
    quint64 seq() const { return id.toULongLong(); }
};

class SseClient {
public:
    /// Connects and sends `GET target` with the given header lines ("Name: value\r\n" each).
    bool open(quint16 port, const QByteArray &target, const QByteArray &headerLines)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(5000))
            return false;
        m_socket.write("GET " + target +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" +
                       headerLines + "\r\n");
        if (!m_socket.waitForBytesWritten(5000))
            return false;
        QElapsedTimer t;
        t.start();
        while (m_raw.indexOf("\r\n\r\n") < 0 && t.elapsed() < 5000) {
            if (!m_socket.waitForReadyRead(100) &&
                m_socket.state() != QAbstractSocket::ConnectedState)
                break;
            m_raw += m_socket.readAll();
        }
        const qsizetype end = m_raw.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        m_head = m_raw.left(end);
        m_raw.remove(0, end + 4);
        m_status = m_head.mid(9, 3).toInt();
        return true;
    }

    int status() const { return m_status; }
    QByteArray head() const { return m_head; }
    QTcpSocket &socket() { return m_socket; }

    /// Reads until `n` events (not comments) arrived or `ms` passed; returns what arrived.
    QList<SseEvent> read(int n, int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (m_events.size() < n && t.elapsed() < ms) {
            if (!pump(50) && m_socket.state() != QAbstractSocket::ConnectedState)
                break;
        }
        QList<SseEvent> out = m_events.mid(0, qMin<qsizetype>(n, m_events.size()));
        m_events.remove(0, out.size());
        return out;
    }

    /// Everything arriving within `ms`.
    QList<SseEvent> readFor(int ms)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms)
            pump(20);
        QList<SseEvent> out = m_events;
        m_events.clear();
        return out;
    }

    /// True once the server ended the body (chunked terminator) or closed the connection.
    bool waitEnded(int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (!m_ended && t.elapsed() < ms) {
            if (!pump(20) && m_socket.state() != QAbstractSocket::ConnectedState)
                return true;
        }
        return m_ended || m_socket.state() != QAbstractSocket::ConnectedState;
    }

    QList<QByteArray> comments() const { return m_comments; }
    QByteArray retry() const { return m_retry; }

private:
    bool pump(int ms)
    {
        const bool got = m_socket.waitForReadyRead(ms);
        m_raw += m_socket.readAll();
        dechunk();
        parseEvents();
        return got;
    }

    void dechunk()
    {
        for (int guard = 0; guard < 100000; ++guard) {
            const qsizetype eol = m_raw.indexOf("\r\n");
            if (eol < 0)
                return;
            bool ok = false;
            const qsizetype size = m_raw.left(eol).toLongLong(&ok, 16);
            if (!ok)
                return;
            if (size == 0) {
                m_ended = true;
                m_raw.clear();
                return;
            }
            if (m_raw.size() < eol + 2 + size + 2)
                return;
            m_text += m_raw.mid(eol + 2, size);
            m_raw.remove(0, eol + 2 + size + 2);
        }
    }

    void parseEvents()
    {
        for (;;) {
            const qsizetype end = m_text.indexOf("\n\n");
            if (end < 0)
                return;
            const QByteArray block = m_text.left(end);
            m_text.remove(0, end + 2);
            SseEvent e;
            bool any = false;
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith(':')) {
                    m_comments.append(line);
                } else if (line.startsWith("id: ")) {
                    e.id = line.mid(4);
                    any = true;
                } else if (line.startsWith("event: ")) {
                    e.event = line.mid(7);
                } else if (line.startsWith("data: ")) {
                    e.data += line.mid(6);
                    any = true;
                } else if (line.startsWith("retry: ")) {
                    m_retry = line.mid(7);
                }
            }
            if (any)
                m_events.append(e);
        }
    }

    QTcpSocket m_socket;
    QByteArray m_raw;  // chunked bytes not decoded yet
    QByteArray m_text; // decoded body not split into events yet
    QByteArray m_head;
    QList<SseEvent> m_events;
    QList<QByteArray> m_comments;
    QByteArray m_retry;
    int m_status = 0;
    bool m_ended = false;
};

} // namespace bbtest
