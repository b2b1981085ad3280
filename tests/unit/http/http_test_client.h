// Test helper: a blocking raw HTTP/1.1 client over QTcpSocket, bounded by deadlines, that
// reads responses the way a strict client would (status line, headers, Content-Length).
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QPair>
#include <QTcpSocket>

#include <sys/socket.h>

namespace bb::http::test {

struct RawResponse {
    int status = 0; ///< 0 when no complete response arrived
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

class RawClient {
public:
    explicit RawClient(int timeoutMs = 5000)
        : m_timeoutMs(timeoutMs)
    {}

    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(m_timeoutMs);
    }

    bool send(const QByteArray &bytes)
    {
        if (m_socket.write(bytes) != bytes.size())
            return false;
        QElapsedTimer t;
        t.start();
        while (m_socket.bytesToWrite() > 0 && t.elapsed() < m_timeoutMs) {
            if (!m_socket.waitForBytesWritten(m_timeoutMs))
                break;
        }
        return m_socket.bytesToWrite() == 0;
    }

    /// Half-closes the sending side, as `nc -N` does: the server sees EOF, we can still read.
    void shutdownWrite() { ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR); }

    /// Reads one response; `head` means the request was HEAD (no body follows).
    RawResponse readResponse(bool head = false)
    {
        RawResponse r;
        int headEnd = -1;
        if (!fill([&] { return (headEnd = m_buffer.indexOf("\r\n\r\n")) >= 0; }))
            return r;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        m_buffer.remove(0, headEnd + 4);
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1."))
            return r;
        const int status = statusLine[1].toInt();
        for (int i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const int colon = line.indexOf(':');
            if (colon > 0)
                r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        qsizetype length = 0;
        const bool noBody = head || status < 200 || status == 204 || status == 304;
        if (!noBody)
            length = r.header("Content-Length").toLongLong();
        if (!fill([&] { return m_buffer.size() >= length; }))
            return r;
        r.body = m_buffer.left(length);
        m_buffer.remove(0, length);
        r.status = status;
        return r;
    }

    /// Reads responses until the server closes the connection (or the deadline passes).
    /// `head`: the requests were HEAD, so no response has a body.
    QList<RawResponse> readUntilClosed(bool head = false)
    {
        QList<RawResponse> out;
        for (int i = 0; i < 1000; ++i) {
            RawResponse r = readResponse(head);
            if (r.status == 0)
                break;
            out.append(r);
        }
        return out;
    }

    /// True when the server closed the connection (EOF or reset) within the deadline.
    bool waitClosed()
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < m_timeoutMs) {
            if (m_socket.state() == QAbstractSocket::UnconnectedState)
                return true;
            m_socket.waitForReadyRead(50);
            m_buffer += m_socket.readAll();
        }
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

    QByteArray leftover() const { return m_buffer; }
    QTcpSocket &socket() { return m_socket; }

private:
    template<class Pred> bool fill(Pred done)
    {
        QElapsedTimer t;
        t.start();
        while (!done()) {
            if (t.elapsed() > m_timeoutMs)
                return false;
            if (m_socket.bytesAvailable() == 0) {
                if (m_socket.state() != QAbstractSocket::ConnectedState)
                    return false;
                m_socket.waitForReadyRead(int(qMax<qint64>(1, m_timeoutMs - t.elapsed())));
            }
            m_buffer += m_socket.readAll();
        }
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    int m_timeoutMs;
};

} // namespace bb::http::test
