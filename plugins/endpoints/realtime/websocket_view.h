// The endpoint tester's WebSocket tab: URL and handshake headers, Connect/Disconnect, a composer
// (text or JSON, Ctrl+Enter sends), ping, and the message log with a detail pane. For wss://, a
// Verify TLS switch and an optional CA bundle file.
#pragma once

#include "client/websocket_session.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace bb::endpoints {

class WebSocketView : public QWidget {
    Q_OBJECT
public:
    explicit WebSocketView(QWidget *parent = nullptr);

    void setUrl(const QString &url);
    QString url() const;
    /// "Name: value" lines sent with the handshake.
    void setHeaders(const QString &lines);
    client::WebSocketSession *session() { return &m_session; }
    /// wss:// certificate checking and the PEM file of CAs to trust instead of the system's
    /// (empty = the system's); used from the next Connect.
    void setTlsOptions(bool verify, const QString &caBundle);
    bool verifyTls() const;
    QString caBundle() const;

    /// Connects with the URL and headers in the form; a problem with them shows in the status.
    void connectToServer();
    void disconnectFromServer();
    /// Sends the composer's text in the selected mode; JSON that does not parse is not sent.
    void sendComposed();

private:
    void updateState();
    void showStatus(const QString &text, bool error);
    void showSelected();

    client::WebSocketSession m_session;
    /// Whether the current connection attempt got open, and the last error it had: a failed
    /// handshake is followed by a close, whose "Closed (…)" must not hide why it failed.
    bool m_opened = false;
    bool m_failed = false;
    QLineEdit *m_url;
    QPlainTextEdit *m_headers;
    QCheckBox *m_verifyTls;
    QLineEdit *m_caBundle;
    QPushButton *m_browseCa;
    QPushButton *m_connect;
    QSpinBox *m_closeCode;
    QLineEdit *m_closeReason;
    QLabel *m_status;
    QComboBox *m_mode;
    QPlainTextEdit *m_composer;
    QPushButton *m_send;
    QPushButton *m_ping;
    QTableView *m_log;
    QPlainTextEdit *m_detail;
};

} // namespace bb::endpoints
