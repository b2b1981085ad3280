#include "engine/log_stream.h"

#include "http/response_stream.h"

#include <mutex>

namespace bb::engine {

namespace {

// Records replayed per step; the next step waits until the socket took the previous ones, so a
// long replay never fills the queue that drops slow clients.
constexpr std::size_t kReplayBatch = 256;

// One connected client. Records reach it two ways: replayed from the ring (onOpen, then each
// time its queue drains) and live from the ring's subscriber hook. `m_cursor` is the newest seq
// either way has covered; both run under m_mutex, and the live path only delivers once the
// replay found nothing newer, so the seam has neither a gap nor a duplicate:
// - a record appended while replaying is in the ring before its live delivery, so the replay
//   (which looks under m_mutex) either sees it or the live path, arriving later, delivers it;
// - whichever comes second skips it by seq.
class LogStreamClient : public std::enable_shared_from_this<LogStreamClient> {
public:
    LogStreamClient(Services &s, LogFilter filter, std::uint64_t cursor, bool follow)
        : m_s(s)
        , m_filter(std::move(filter))
        , m_cursor(cursor)
        , m_follow(follow)
    {}

    void open(std::shared_ptr<http::StreamSink> sink)
    {
        std::weak_ptr<LogStreamClient> weak = shared_from_this();
        std::lock_guard lock(m_mutex);
        m_sink = std::move(sink);
        m_opened = true;
        m_s.metrics.logStreamClients.add(1);
        // Tells EventSource how soon to reconnect after a drop.
        m_sink->send("retry: 2000\n\n");
        m_subscription = m_s.logs.subscribe([weak](const telemetry::LogRecord &r) {
            if (auto self = weak.lock())
                self->onRecord(r);
        });
        replayStep();
    }

    void drained()
    {
        std::lock_guard lock(m_mutex);
        if (!m_live && !m_ended)
            replayStep();
    }

    void closed(http::StreamEnd end)
    {
        std::uint64_t subscription = 0;
        bool opened = false;
        {
            std::lock_guard lock(m_mutex);
            m_ended = true;
            subscription = m_subscription;
            opened = m_opened;
            m_sink.reset();
        }
        if (subscription)
            m_s.logs.unsubscribe(subscription);
        if (opened)
            m_s.metrics.logStreamClients.add(-1);
        if (end == http::StreamEnd::Overflow) {
            // Logged here, on the connection's thread with no lock held: a log appended from
            // inside a subscriber would wait on the delivery it is part of.
            m_s.metrics.logStreamDropped.inc();
            telemetry::LogRecord r;
            r.level = telemetry::Level::Warn;
            r.msg = "log stream client dropped: it read slower than the logs arrived";
            r.fields = {{"queueBytes", std::to_string(m_s.config.logStreamMaxQueuedBytes)}};
            m_s.logs.append(std::move(r));
        }
    }

private:
    void onRecord(const telemetry::LogRecord &r)
    {
        std::lock_guard lock(m_mutex);
        if (!m_live || m_ended || r.seq <= m_cursor)
            return;
        m_cursor = r.seq;
        if (m_filter.matches(r) && !m_sink->send(logEvent(r)))
            m_ended = true; // dropped; closed() follows on the connection's thread
    }

    // Caller holds m_mutex.
    void replayStep()
    {
        const auto slice =
            m_s.logs.slice(m_cursor, 0, kReplayBatch, true,
                           [this](const telemetry::LogRecord &r) { return m_filter.matches(r); });
        for (const auto &r : slice.records) {
            if (!m_sink->send(logEvent(r))) {
                m_ended = true;
                return;
            }
        }
        m_cursor = std::max(m_cursor, slice.scannedTo);
        if (slice.more)
            return;
        if (!m_follow) {
            m_sink->finish();
            m_ended = true;
            return;
        }
        m_live = true;
    }

    Services &m_s;
    const LogFilter m_filter;
    std::mutex m_mutex;
    std::shared_ptr<http::StreamSink> m_sink;
    std::uint64_t m_cursor;
    const bool m_follow;
    std::uint64_t m_subscription = 0;
    bool m_live = false;
    bool m_opened = false;
    bool m_ended = false;
};

} // namespace

std::string logEvent(const telemetry::LogRecord &record)
{
    std::string out;
    const std::string json = record.toJsonLine();
    out.reserve(json.size() + 48);
    out += "id: ";
    out += std::to_string(record.seq);
    out += "\nevent: log\ndata: ";
    out += json;
    out += "\n\n";
    return out;
}

http::Response logStreamResponse(Services &s, LogFilter filter,
                                 std::optional<std::uint64_t> lastEventId, bool follow)
{
    // An id above every seq this engine has written is not from its history (seqs only grow,
    // restarts included): start live rather than wait for the seqs to catch up.
    const std::uint64_t newest = s.logs.lastSeq();
    const std::uint64_t cursor = lastEventId ? std::min(*lastEventId, newest) : newest;
    auto client = std::make_shared<LogStreamClient>(s, std::move(filter), cursor, follow);
    auto stream = std::make_shared<http::ResponseStream>();
    stream->maxQueuedBytes = std::size_t(std::max<qint64>(4096, s.config.logStreamMaxQueuedBytes));
    stream->heartbeatInterval = kLogStreamKeepalive;
    stream->heartbeat = ": keepalive\n\n";
    stream->onOpen = [client](std::shared_ptr<http::StreamSink> sink) {
        client->open(std::move(sink));
    };
    stream->onDrained = [client] { client->drained(); };
    stream->onClosed = [client](http::StreamEnd end) { client->closed(end); };

    http::Response r;
    r.status = 200;
    r.headers.add("Content-Type", "text/event-stream; charset=utf-8");
    r.headers.add("Cache-Control", "no-cache");
    r.headers.add("X-Accel-Buffering", "no"); // nginx would otherwise hold events back
    r.stream = std::move(stream);
    return r;
}

} // namespace bb::engine
