#include "http/stream_queue.h"

#include <cstdio>

namespace bb::http {

const char *streamEndName(StreamEnd end)
{
    switch (end) {
    case StreamEnd::Finished:
        return "finished";
    case StreamEnd::PeerClosed:
        return "peer closed";
    case StreamEnd::Overflow:
        return "overflow";
    case StreamEnd::WriteTimeout:
        return "write timeout";
    case StreamEnd::ServerStopped:
        return "server stopped";
    }
    return "unknown";
}

StreamQueue::StreamQueue(bool chunked, std::size_t maxQueuedBytes, std::function<void()> wake)
    : m_chunked(chunked)
    , m_maxQueued(maxQueuedBytes)
    , m_wake(std::move(wake))
{}

void StreamQueue::frame(std::string &out, const std::string &data) const
{
    if (!m_chunked) {
        out += data;
        return;
    }
    char size[20];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    out.append(size, std::size_t(n));
    out += data;
    out += "\r\n";
}

bool StreamQueue::wakeIfIdleLocked()
{
    if (m_writing)
        return false;
    m_writing = true; // the wake stands for a write until take() finds nothing
    return true;
}

bool StreamQueue::send(std::string data)
{
    if (data.empty())
        return isOpen(); // an empty chunk would end a chunked body
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_closed || m_finishRequested || m_overflow)
            return false;
        if (m_pending.size() + m_inFlight + data.size() > m_maxQueued) {
            m_overflow = true;
            m_pending.clear();
            wake = true; // the connection must learn of it even in the middle of a write
        } else {
            frame(m_pending, data);
            wake = wakeIfIdleLocked();
        }
    }
    if (wake)
        m_wake();
    std::lock_guard lock(m_mutex);
    return !m_overflow;
}

void StreamQueue::finish()
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_closed || m_finishRequested || m_overflow)
            return;
        m_finishRequested = true;
        wake = wakeIfIdleLocked();
    }
    if (wake)
        m_wake();
}

bool StreamQueue::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return !m_closed && !m_finishRequested && !m_overflow;
}

std::size_t StreamQueue::queuedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_pending.size() + m_inFlight;
}

void StreamQueue::take(std::string &out, bool &finished)
{
    std::lock_guard lock(m_mutex);
    out.clear();
    finished = false;
    if (m_closed || m_overflow) {
        m_writing = false;
        return;
    }
    out.swap(m_pending);
    if (m_finishRequested && !m_finishTaken) {
        m_finishTaken = true;
        finished = true;
        if (m_chunked)
            out += "0\r\n\r\n";
    }
    m_inFlight = out.size();
    m_writing = !out.empty();
}

bool StreamQueue::written()
{
    std::lock_guard lock(m_mutex);
    m_inFlight = 0;
    m_writing = false;
    return m_pending.empty();
}

void StreamQueue::queueHeartbeat(const std::string &bytes)
{
    std::lock_guard lock(m_mutex);
    if (m_closed || m_finishRequested || m_overflow || bytes.empty())
        return;
    frame(m_pending, bytes);
}

bool StreamQueue::overflowed() const
{
    std::lock_guard lock(m_mutex);
    return m_overflow;
}

void StreamQueue::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_pending.clear();
}

} // namespace bb::http
