// bb::client — a Server-Sent Events connection: one long GET over libcurl on a worker thread,
// its body parsed as it arrives and each event delivered to this object's thread as a signal.
#pragma once

#include "client/http_types.h"
#include "client/sse_parser.h"

#include <QObject>

#include <memory>
#include <thread>

namespace bb::client {

class TransferControl;

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
    void stop();
    bool isRunning() const { return m_running; }

signals:
    /// The server answered with a text/event-stream: events follow.
    void opened(int status, const bb::client::HeaderList &headers);
    void eventReceived(const bb::client::SseEvent &event);
    /// The stream ended: error is empty when it was stopped or the server closed it normally,
    /// else why it failed (refused, a non-2xx status, not an event stream, ...).
    void finished(const QString &error);

private:
    void join();

    std::shared_ptr<TransferControl> m_control;
    std::thread m_worker;
    bool m_running = false;
    quint64 m_generation = 0; ///< drops signals queued by a stream that was since replaced
};

} // namespace bb::client
