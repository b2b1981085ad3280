// Test support — a minimal HTTP forward proxy on 127.0.0.1: it records each request line as
// the client sent it (absolute-form, "GET http://host:port/path HTTP/1.1"), rewrites it to
// origin-form and pipes the bytes to the origin and back. Plain HTTP only; no CONNECT.
#pragma once

#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace bbtest {

class ForwardProxy : public QTcpServer {
public:
    ForwardProxy()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = nextPendingConnection())
                accept(client);
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }
    const QList<QByteArray> &requestLines() const { return m_lines; }

private:
    void accept(QTcpSocket *client)
    {
        auto *buffer = new QByteArray;
        connect(client, &QObject::destroyed, client, [buffer] { delete buffer; });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QTcpSocket::readyRead, client, [this, client, buffer] {
            if (client->property("forwarding").toBool())
                return; // the pipe below has it
            *buffer += client->readAll();
            const qsizetype end = buffer->indexOf("\r\n");
            if (end < 0)
                return;
            client->setProperty("forwarding", true);
            const QByteArray line = buffer->left(end);
            m_lines.append(line);
            const QList<QByteArray> parts = line.split(' ');
            const QUrl target(QString::fromUtf8(parts.value(1)));
            if (parts.size() != 3 || !target.isValid() || target.host().isEmpty()) {
                client->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n");
                client->disconnectFromHost();
                return;
            }
            const QByteArray originForm =
                target.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority).isEmpty()
                    ? QByteArray("/")
                    : target.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
            const QByteArray rest = buffer->mid(end);
            buffer->clear();
            auto *origin = new QTcpSocket(client);
            connect(origin, &QTcpSocket::connected, origin, [origin, parts, originForm, rest] {
                origin->write(parts[0] + ' ' + originForm + ' ' + parts[2] + rest);
            });
            // Anything more from the client (a body arriving late) goes straight on.
            connect(client, &QTcpSocket::readyRead, origin,
                    [client, origin] { origin->write(client->readAll()); });
            connect(origin, &QTcpSocket::readyRead, client, [client, origin] {
                origin->setProperty("answered", true);
                client->write(origin->readAll());
            });
            connect(origin, &QTcpSocket::disconnected, client,
                    [client] { client->disconnectFromHost(); });
            connect(origin, &QTcpSocket::errorOccurred, client, [client, origin] {
                if (origin->property("answered").toBool())
                    return; // the origin closing after its answer
                client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n");
                client->disconnectFromHost();
            });
            origin->connectToHost(target.host(), quint16(target.port(80)));
        });
    }

    QList<QByteArray> m_lines;
};

} // namespace bbtest
