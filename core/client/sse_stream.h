// bb::client — a Server-Sent Events connection: one long GET over libcurl on a worker thread,
// its body parsed as it arrives and each event delivered to this object's thread as a signal.
// Like a browser's EventSource it reconnects when the server closes the stream, after the
// server's "retry:" delay, sending the last event ID so the server can resume.
#pragma once

#include "client/http_types.h"
#include "client/sse_parser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <thread>

namespace bb::client {

class TransferControl;

/// When and how often SseStream reconnects (WHATWG HTML §9.2.3 "reestablish the connection").
/// A stream reconnects after it was open and then closed or broke; a reconnect that fails on
/// the network is retried, one refused by the server (non-2xx, not an event stream) is final.
struct SseReconnectPolicy {
    bool enabled = true;
    int defaultDelayMs = 3000; ///< until the server sends "retry:"
    /// Consecutive reconnects that do not get the stream open again before giving up; an open
    /// stream resets the count.
    int maxAttempts = 10;
    double backoff = 2.0;   ///< the delay is multiplied by this for each further attempt
    int maxDelayMs = 60000; ///< the longest wait between attempts
};

class SseStream : public QObject {
    Q_OBJECT
public:
    explicit SseStream(QObject *parent = nullptr);
    /// Stops the stream and waits for its worker (about 100 ms at most).
    ~SseStream() override;

    /// Opens request (a GET unless it says otherwise) with Accept: text/event-stream; a stream
    /// already running is stopped first. lastEventId, when set, is sent as Last-Event-ID so a
    /// server can resume after it.
    void start(HttpRequest request, const QString &lastEventId = {});
    /// Closes the connection; finished("") follows. Safe when nothing runs.
    /// Closes the connection, or cancels a pending reconnect; finished("") follows. Safe when
    /// nothing runs.
    void stop();
    /// True from start() until finished(), including while waiting to reconnect.
    bool isRunning() const { return m_running; }

    /// Takes effect from the next start().
    void setReconnectPolicy(const SseReconnectPolicy &policy) { m_policy = policy; }
    const SseReconnectPolicy &reconnectPolicy() const { return m_policy; }
    /// The ID sent as Last-Event-ID on the next reconnect.
    QString lastEventId() const { return m_lastEventId; }
    /// The reconnect delay before backoff: the server's last "retry:", else the default.
    int retryDelayMs() const { return m_retryMs >= 0 ? m_retryMs : m_policy.defaultDelayMs; }
    /// Milliseconds until the pending reconnect, or -1 when none is pending.
    int reconnectRemainingMs() const;

signals:
    /// The server answered with a text/event-stream: events follow.
    void opened(int status, const bb::client::HeaderList &headers);
    void eventReceived(const bb::client::SseEvent &event);
    /// The stream ended: error is empty when it was stopped or the server closed it normally,
    /// else why it failed (refused, a non-2xx status, not an event stream, ...).
    void finished(const QString &error);
    /// The stream closed (reason empty when the server ended it normally) and will be opened
    /// again in delayMs; attempt counts from 1 since the stream was last open.
    void reconnecting(int attempt, int delayMs, const QString &reason);

private:
    void join();
    void connectNow();
    void attemptEnded(const QString &error, bool refused, bool cancelled, bool wasOpen);
    void end(const QString &error);

    std::shared_ptr<TransferControl> m_control;
    std::thread m_worker;
    bool m_running = false;
    quint64 m_generation = 0; ///< drops signals queued by a stream that was since replaced
    HttpRequest m_request;
    SseReconnectPolicy m_policy;
    QString m_lastEventId;
    int m_retryMs = -1; ///< the server's last "retry:", -1 = none yet
    int m_attempt = 0;  ///< reconnects since the stream was last open
    bool m_stopping = false;
    QTimer m_retryTimer;
    QElapsedTimer m_retryClock;
};

} // namespace bb::client
