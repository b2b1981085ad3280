// bb::client — one WebSocket connection for the endpoint tester (Qt WebSockets): open with
// headers (auth, subprotocols), send text or validated JSON, ping, close with a code and reason,
// and keep every frame and event in a timestamped log the views show.
#pragma once

#include "client/http_types.h"
#include "client/websocket_message_log.h"
#include "common/result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QWebSocket>

namespace bb::client {

/// The TLS settings of a wss:// connection: verifyPeer off accepts any certificate and host
/// name; a CA bundle (PEM file, one or more certificates) replaces the system's CAs, as a
/// request's CA bundle does for HTTP. Fails naming the file when it holds no certificate.
Result<QSslConfiguration> webSocketTls(bool verifyPeer, const QString &caBundlePath = {});

class WebSocketSession : public QObject {
    Q_OBJECT
public:
    explicit WebSocketSession(QObject *parent = nullptr);
    ~WebSocketSession() override;

    /// Connects to url (ws:// or wss://) sending headers with the handshake; an open connection
    /// is closed first. Bad URLs are refused here rather than by a later error signal.
    Result<void> open(const QUrl &url, const HeaderList &headers = {});
    /// Sends a text frame; fails when not connected.
    Result<void> sendText(const QString &text);
    /// Sends text that must be JSON; invalid JSON is refused with the parser's message and
    /// position, and nothing is sent. The text goes as typed (not re-serialised).
    Result<void> sendJson(const QString &text);
    Result<void> sendBinary(const QByteArray &bytes);
    /// Sends a ping; pong() reports the round trip.
    Result<void> ping(const QByteArray &payload = {});
    /// Starts the closing handshake with code (RFC 6455 §7.4) and a reason of at most 123 bytes.
    void close(int code = 1000, const QString &reason = {});

    bool isConnected() const;
    QAbstractSocket::SocketState state() const { return m_socket.state(); }
    WebSocketMessageLog *log() { return &m_log; }
    /// The TLS settings for wss:// (verification off, a CA bundle); applied on the next open().
    void setSslConfiguration(const QSslConfiguration &config);

signals:
    void connected();
    /// The connection ended; code and reason are the peer's close frame (1006 if none).
    void disconnected(int code, const QString &reason);
    void textReceived(const QString &text);
    void binaryReceived(const QByteArray &bytes);
    void pong(qint64 roundTripMs, const QByteArray &payload);
    void errorOccurred(const QString &message);
    void stateChanged(QAbstractSocket::SocketState state);

private:
    void logEvent(const QString &note);
    Result<void> requireConnected() const;

    QWebSocket m_socket;
    WebSocketMessageLog m_log;
    QElapsedTimer m_pingTimer;
};

} // namespace bb::client
