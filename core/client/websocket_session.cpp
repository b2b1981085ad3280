#include "client/websocket_session.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkRequest>
#include <QSslCertificate>

namespace bb::client {

Result<QSslConfiguration> webSocketTls(bool verifyPeer, const QString &caBundlePath)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPeerVerifyMode(verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    if (caBundlePath.trimmed().isEmpty())
        return config;
    QFile file(caBundlePath.trimmed());
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(
            QStringLiteral("CA bundle %1: %2").arg(caBundlePath.trimmed(), file.errorString()));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return Error::invalid(QStringLiteral("CA bundle %1: no PEM certificate in the file")
                                  .arg(caBundlePath.trimmed()));
    config.setCaCertificates(certs);
    return config;
}

WebSocketSession::WebSocketSession(QObject *parent)
    : QObject(parent)
    , m_log(this)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        logEvent(tr("connected to %1").arg(m_socket.requestUrl().toString()));
        emit connected();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        const int code = int(m_socket.closeCode());
        const QString reason = m_socket.closeReason();
        logEvent(reason.isEmpty() ? tr("closed (%1)").arg(code)
                                  : tr("closed (%1): %2").arg(code).arg(reason));
        emit disconnected(code, reason);
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_log.append({QDateTime::currentDateTimeUtc(),
                      WebSocketMessage::Direction::Received,
                      false,
                      text.toUtf8(),
                      {}});
        emit textReceived(text);
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        m_log.append({QDateTime::currentDateTimeUtc(),
                      WebSocketMessage::Direction::Received,
                      true,
                      bytes,
                      {}});
        emit binaryReceived(bytes);
    });
    connect(&m_socket, &QWebSocket::pong, this, [this](quint64 elapsed, const QByteArray &payload) {
        logEvent(tr("pong after %1 ms").arg(elapsed));
        emit pong(qint64(elapsed), payload);
    });
    // Qt 6.4 names this signal error(); errorOccurred() arrives in 6.5.
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                logEvent(tr("error: %1").arg(m_socket.errorString()));
                emit errorOccurred(m_socket.errorString());
            });
    // The handshake error alone says "handshake failed"; the log keeps each certificate
    // problem (untrusted, expired, wrong host) so the user sees which one.
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            logEvent(tr("TLS: %1").arg(e.errorString()));
    });
    connect(&m_socket, &QWebSocket::stateChanged, this, &WebSocketSession::stateChanged);
}

WebSocketSession::~WebSocketSession()
{
    // No signals into a half-destroyed session while the socket aborts.
    m_socket.disconnect(this);
    m_socket.abort();
}

Result<void> WebSocketSession::open(const QUrl &url, const HeaderList &headers)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss")) ||
        url.host().isEmpty())
        return Error::invalid(tr("not a WebSocket URL (ws:// or wss://): %1").arg(url.toString()));
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers) {
        if (name.trimmed().isEmpty())
            return Error::invalid(tr("a handshake header has no name"));
        request.setRawHeader(name, value);
    }
    logEvent(tr("connecting to %1").arg(url.toString()));
    m_socket.open(request);
    return {};
}

Result<void> WebSocketSession::requireConnected() const
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return Error::unavailable(tr("the WebSocket is not connected"));
    return {};
}

Result<void> WebSocketSession::sendText(const QString &text)
{
    if (auto ready = requireConnected(); !ready)
        return ready;
    m_socket.sendTextMessage(text);
    m_log.append({QDateTime::currentDateTimeUtc(),
                  WebSocketMessage::Direction::Sent,
                  false,
                  text.toUtf8(),
                  {}});
    return {};
}

Result<void> WebSocketSession::sendJson(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        // The parser's offset is in UTF-8 bytes; report it as a character position and line.
        const qsizetype offset = qBound(qsizetype(0), qsizetype(error.offset), utf8.size());
        const QString before = QString::fromUtf8(utf8.left(offset));
        const int line = int(before.count(QLatin1Char('\n'))) + 1;
        const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
        return Error::invalid(tr("not valid JSON at line %1, column %2: %3")
                                  .arg(line)
                                  .arg(column)
                                  .arg(error.errorString()),
                              int(before.size()));
    }
    return sendText(text);
}

Result<void> WebSocketSession::sendBinary(const QByteArray &bytes)
{
    if (auto ready = requireConnected(); !ready)
        return ready;
    m_socket.sendBinaryMessage(bytes);
    m_log.append(
        {QDateTime::currentDateTimeUtc(), WebSocketMessage::Direction::Sent, true, bytes, {}});
    return {};
}

Result<void> WebSocketSession::ping(const QByteArray &payload)
{
    if (auto ready = requireConnected(); !ready)
        return ready;
    if (payload.size() > 125)
        return Error::invalid(tr("a ping payload is at most 125 bytes"));
    m_socket.ping(payload);
    logEvent(tr("ping"));
    return {};
}

void WebSocketSession::close(int code, const QString &reason)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return;
    // A close reason is limited to 123 bytes of UTF-8 (the frame's 125 minus the code).
    QByteArray utf8 = reason.toUtf8();
    QString clipped = reason;
    while (utf8.size() > 123) {
        clipped.chop(1);
        utf8 = clipped.toUtf8();
    }
    logEvent(tr("closing (%1)").arg(code));
    m_socket.close(QWebSocketProtocol::CloseCode(code), clipped);
}

bool WebSocketSession::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void WebSocketSession::setSslConfiguration(const QSslConfiguration &config)
{
    m_socket.setSslConfiguration(config);
}

void WebSocketSession::logEvent(const QString &note)
{
    m_log.append(
        {QDateTime::currentDateTimeUtc(), WebSocketMessage::Direction::Event, false, {}, note});
}

} // namespace bb::client
