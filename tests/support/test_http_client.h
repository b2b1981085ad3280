// Test support — a tiny blocking HTTP/1.1 client over QTcpSocket for integration tests, so a
// test controls every byte it sends (headers, bodies, malformed input) and needs no event loop.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QTcpSocket>

namespace bbtest {

struct HttpResult {
    int status = 0;                       ///< 0 when no response arrived
    QMap<QByteArray, QByteArray> headers; ///< names lower-cased
    QByteArray body;
    QByteArray raw;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

/// Parses one response (status line, headers, body up to Content-Length or the end).
inline HttpResult parseResponse(const QByteArray &raw)
{
    HttpResult r;
    r.raw = raw;
    const int end = raw.indexOf("\r\n\r\n");
    if (end < 0 || !raw.startsWith("HTTP/1."))
        return r;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    r.status = lines.value(0).split(' ').value(1).toInt();
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const int colon = line.indexOf(':');
        if (colon > 0)
            r.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    r.body = raw.mid(end + 4);
    bool ok = false;
    const int length = r.headers.value("content-length").toInt(&ok);
    if (ok && r.body.size() > length)
        r.body.truncate(length);
    return r;
}

/// Sends `bytes` as-is on a new connection, half-closes nothing, and reads until the server
/// closes or `timeoutMs` passes.
inline QByteArray sendRaw(quint16 port, const QByteArray &bytes, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(bytes);
    socket.waitForBytesWritten(timeoutMs);
    QByteArray out;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(timeoutMs))
        out += socket.readAll();
    out += socket.readAll();
    return out;
}

/// Headers request() adds unless the call names the same header (e.g. a suite's admin
/// token); an empty value given by the call leaves the header out altogether.
inline QList<QPair<QByteArray, QByteArray>> &defaultHeaders()
{
    static QList<QPair<QByteArray, QByteArray>> headers;
    return headers;
}

/// One request with `Connection: close`; headers are "Name: value" pairs.
inline HttpResult request(quint16 port, const QByteArray &method, const QByteArray &target,
                          const QByteArray &body = {},
                          const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QByteArray req =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    QList<QPair<QByteArray, QByteArray>> all;
    for (const auto &d : defaultHeaders()) {
        bool overridden = false;
        for (const auto &h : headers)
            overridden = overridden || h.first.toLower() == d.first.toLower();
        if (!overridden)
            all << d;
    }
    for (const auto &h : headers)
        if (!h.second.isEmpty())
            all << h;
    bool hasType = false;
    for (const auto &[k, v] : all) {
        req += k + ": " + v + "\r\n";
        hasType = hasType || k.toLower() == "content-type";
    }
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        if (!hasType)
            req += "Content-Type: application/json\r\n";
        req += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    req += "\r\n" + body;
    return parseResponse(sendRaw(port, req));
}

} // namespace bbtest
