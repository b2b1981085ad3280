#include "client/oauth2_redirect_p.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QUrl>

namespace bb::client {

namespace {

QByteArray htmlPage(int status, const QString &title, const QString &text)
{
    const QByteArray body = QStringLiteral("<!doctype html><html><head><meta charset=\"utf-8\">"
                                           "<title>Backbench</title></head><body>"
                                           "<h1>%1</h1><p>%2</p></body></html>")
                                .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
                                .toUtf8();
    return "HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Error") +
           "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void answer(QTcpSocket &socket, const QByteArray &response)
{
    socket.write(response);
    // Bounded: a browser that stops reading must not hold the flow.
    while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(2000)) {
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState)
        socket.waitForDisconnected(1000);
}

// Reads the request head ("GET /path?query HTTP/1.1 ... \r\n\r\n"); the body is never needed.
QByteArray readRequestLine(QTcpSocket &socket, const QDeadlineTimer &deadline)
{
    QByteArray head;
    while (!head.contains("\r\n\r\n") && !head.contains("\n\n") && head.size() < 64 * 1024) {
        const qint64 left = deadline.remainingTime();
        if (left == 0 || !socket.waitForReadyRead(int(qMin<qint64>(left, 5000))))
            break;
        head += socket.readAll();
    }
    return head.left(head.indexOf('\n')).trimmed();
}

} // namespace

Result<void> OAuth2Redirect::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return Error::io(QStringLiteral("cannot listen on 127.0.0.1:%1 for the OAuth redirect: %2")
                             .arg(port)
                             .arg(m_server.errorString()));
    return {};
}

QString OAuth2Redirect::redirectUri(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
}

Result<QUrlQuery> OAuth2Redirect::waitForRedirect(const QString &path, const QString &expectedState,
                                                  int timeoutMs)
{
    const QDeadlineTimer deadline(qMax(0, timeoutMs));
    for (;;) {
        const qint64 left = deadline.remainingTime();
        if (left == 0 || !m_server.waitForNewConnection(int(qMin<qint64>(left, 1000)))) {
            if (deadline.hasExpired())
                return Error::unavailable(
                    QStringLiteral("no authorization redirect arrived within %1 s")
                        .arg(timeoutMs / 1000.0));
            continue;
        }
        std::unique_ptr<QTcpSocket> socket(m_server.nextPendingConnection());
        if (!socket)
            continue;
        const QList<QByteArray> parts = readRequestLine(*socket, deadline).split(' ');
        const QUrl target(QString::fromUtf8(parts.value(1)));
        if (parts.value(0) != "GET" || target.path() != path) {
            answer(*socket, htmlPage(404, QStringLiteral("Not found"),
                                     QStringLiteral("This is Backbench's OAuth redirect "
                                                    "listener; it only answers %1.")
                                         .arg(path)));
            continue;
        }
        const QUrlQuery query(target);
        if (query.hasQueryItem(QStringLiteral("error"))) {
            const QString error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
            const QString description =
                query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded);
            answer(*socket, htmlPage(400, QStringLiteral("Authorization failed"),
                                     description.isEmpty() ? error : error + ": " + description));
            return Error::invalid(
                QStringLiteral("the authorization server refused: %1%2")
                    .arg(error, description.isEmpty() ? QString() : ": " + description));
        }
        if (query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != expectedState) {
            // A redirect we did not start (or a forged one): never exchange its code.
            answer(*socket, htmlPage(400, QStringLiteral("Authorization refused"),
                                     QStringLiteral("The state parameter does not match the "
                                                    "request Backbench sent.")));
            return Error::invalid(
                QStringLiteral("the authorization redirect's state does not match; refused"));
        }
        if (!query.hasQueryItem(QStringLiteral("code"))) {
            answer(*socket, htmlPage(400, QStringLiteral("Authorization failed"),
                                     QStringLiteral("The redirect carried no code.")));
            return Error::invalid(QStringLiteral("the authorization redirect carried no code"));
        }
        answer(*socket, htmlPage(200, QStringLiteral("Signed in"),
                                 QStringLiteral("Backbench received the authorization. You can "
                                                "close this window.")));
        return query;
    }
}

} // namespace bb::client
