// The endpoint tester's Server-Sent Events tab: URL and headers, Connect/Stop, the events as
// they arrive (time, event, id, data) and a detail pane for the selected one. When the server
// closes the stream it reconnects (unless switched off), counting down to the next attempt.
#pragma once

#include "client/sse_stream.h"
#include "sse_event_model.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace bb::endpoints {

class SseView : public QWidget {
    Q_OBJECT
public:
    explicit SseView(QWidget *parent = nullptr);

    void setUrl(const QString &url);
    QString url() const;
    void setHeaders(const QString &lines);
    /// TLS, proxy and certificate options for the stream's request; its URL and headers come
    /// from the form.
    void setTransport(const client::HttpRequest &transport) { m_transport = transport; }
    SseEventModel *events() { return &m_events; }
    bool isStreaming() const { return m_stream.isRunning(); }
    /// Delays and limits of reconnecting; the Reconnect box switches it on and off.
    void setReconnectPolicy(const client::SseReconnectPolicy &policy);
    /// How many times the stream was opened again since Connect.
    int reconnectCount() const { return m_reconnects; }

    void start();
    void stop();

private:
    void updateState();
    void showStatus(const QString &text, bool error);
    void showSelected();
    void showCountdown();

    client::SseStream m_stream;
    client::HttpRequest m_transport;
    client::SseReconnectPolicy m_policy;
    QTimer m_countdown; ///< refreshes "reconnecting in N s" while a reconnect is pending
    int m_reconnects = 0;
    int m_opens = 0;
    int m_attempt = 0;
    QString m_lostReason;
    SseEventModel m_events;
    QLineEdit *m_url;
    QPlainTextEdit *m_headers;
    QPushButton *m_connect;
    QPushButton *m_clear;
    QCheckBox *m_reconnect;
    QLabel *m_status;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
};

} // namespace bb::endpoints
