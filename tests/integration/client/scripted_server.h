// Test support — a tiny HTTP/1.1 server on 127.0.0.1 whose answer to each request is a function
// of the request, so a test can play a silent peer, a redirector, an echo or a 20 MB download.
#pragma once

#include <QByteArray>
#include <QMap>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace bbtest {

struct RawRequest {
    QByteArray method;
    QByteArray target;
    QMap<QByteArray, QByteArray> headers; ///< names lower-cased
    QByteArray body;
};

/// A full response: status line, headers, Content-Length and Connection: close, then body.
inline QByteArray httpResponse(int status, const QByteArray &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    return out + body;
}

class ScriptedServer : public QTcpServer {
public:
    /// Returns the bytes to send back, or nothing to stay silent forever.
    using Handler = std::function<QByteArray(const RawRequest &)>;

    explicit ScriptedServer(Handler handler)
        : m_handler(std::move(handler))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    QByteArray url(const QByteArray &path = "/") const
    {
        return "http://127.0.0.1:" + QByteArray::number(serverPort()) + path;
    }
    int requestsSeen() const { return m_seen; }
    /// Leave connections open after answering, to play a peer that stalls mid-body.
    void setKeepOpen(bool keepOpen) { m_keepOpen = keepOpen; }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        RawRequest r;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                 lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buf.size() < end + 4 + length)
            return;
        r.body = buf.mid(end + 4, length);
        buf.clear();
        ++m_seen;
        const QByteArray answer = m_handler(r);
        if (!answer.isEmpty()) {
            s->write(answer);
            if (!m_keepOpen)
                s->disconnectFromHost(); // after the buffered bytes are written
        }
    }

    Handler m_handler;
    QMap<QTcpSocket *, QByteArray> m_buffers;
    int m_seen = 0;
    bool m_keepOpen = false;
};

} // namespace bbtest
