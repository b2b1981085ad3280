#include "telemetry/log_ring.h"

#include "common/clock.h"

#include <algorithm>
#include <limits>

namespace bb::telemetry {

namespace {
// Records examined per hold of the ring's lock during a slice.
constexpr std::size_t kScanChunk = 512;
// The rings this thread is delivering for: a record a subscriber appends to one of them is left
// queued for the loop already running rather than taking its delivery lock twice.
thread_local std::vector<const LogRing *> t_delivering;

bool deliveringOnThisThread(const LogRing *ring)
{
    return std::find(t_delivering.begin(), t_delivering.end(), ring) != t_delivering.end();
}
} // namespace

LogRing::LogRing(std::size_t capacity)
    : m_capacity(capacity ? capacity : 1)
{}

std::uint64_t LogRing::append(LogRecord record)
{
    if (record.tsUs == 0)
        record.tsUs = wallClockUs();
    std::shared_ptr<JsonLinesFile> file;
    std::uint64_t seq;
    bool deliver = false;
    {
        std::lock_guard lock(m_mutex);
        seq = record.seq = ++m_seq;
        file = m_file;
        deliver = !m_subscribers.empty();
        if (deliver)
            m_pending.push_back(record);
        // Keep our copy when a file wants the record after the lock is released.
        LogRecord stored = file ? record : std::move(record);
        if (m_items.size() < m_capacity) {
            m_items.push_back(std::move(stored));
        } else {
            m_items[m_head] = std::move(stored);
            m_head = (m_head + 1) % m_capacity;
        }
    }
    if (file)
        file->write(record.toJsonLine());
    if (deliver && !deliveringOnThisThread(this))
        deliverPending();
    return seq;
}

// Whoever holds m_deliverMutex takes every queued record, in seq order, and hands them out; a
// thread that finds the queue already emptied has had its record delivered by another. So
// subscribers see seqs in order although appends race, and no lock of the ring is held while a
// subscriber runs.
void LogRing::deliverPending()
{
    std::lock_guard deliverLock(m_deliverMutex);
    t_delivering.push_back(this);
    for (int round = 0; round < 1'000'000; ++round) {
        std::vector<LogRecord> batch;
        std::vector<std::shared_ptr<LogSubscriber>> subscribers;
        {
            std::lock_guard lock(m_mutex);
            if (m_pending.empty())
                break;
            batch.swap(m_pending);
            subscribers.reserve(m_subscribers.size());
            for (const Subscription &s : m_subscribers)
                subscribers.push_back(s.callback);
        }
        for (const LogRecord &r : batch)
            for (const auto &callback : subscribers) {
                try {
                    (*callback)(r);
                } catch (...) {
                    // A failing subscriber must not cost the appender or the others anything.
                }
            }
    }
    t_delivering.pop_back();
}

void LogRing::setFile(std::shared_ptr<JsonLinesFile> file)
{
    std::lock_guard lock(m_mutex);
    m_file = std::move(file);
}

void LogRing::setCapacity(std::size_t capacity)
{
    std::lock_guard lock(m_mutex);
    std::vector<LogRecord> ordered;
    ordered.reserve(m_items.size());
    for (std::size_t i = 0; i < m_items.size(); ++i)
        ordered.push_back(std::move(m_items[(m_head + i) % m_items.size()]));
    m_capacity = capacity ? capacity : 1;
    if (ordered.size() > m_capacity)
        ordered.erase(ordered.begin(),
                      ordered.begin() + std::ptrdiff_t(ordered.size() - m_capacity));
    m_items = std::move(ordered);
    m_head = 0;
}

std::size_t LogRing::capacity() const
{
    std::lock_guard lock(m_mutex);
    return m_capacity;
}

void LogRing::continueAfter(std::uint64_t seq)
{
    std::lock_guard lock(m_mutex);
    m_seq = std::max(m_seq, seq);
}

std::vector<LogRecord> LogRing::since(std::uint64_t afterSeq, std::size_t max,
                                      const std::function<bool(const LogRecord &)> &filter) const
{
    std::vector<LogRecord> out;
    std::lock_guard lock(m_mutex);
    const std::size_t n = m_items.size();
    // Walk newest to oldest so `max` keeps the newest, then reverse.
    for (std::size_t i = 0; i < n && out.size() < max; ++i) {
        const LogRecord &r = m_items[(m_head + n - 1 - i) % n];
        if (r.seq <= afterSeq)
            break;
        if (!filter || filter(r))
            out.push_back(r);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::size_t LogRing::firstAfter(std::uint64_t seq) const
{
    // Seqs increase along the ring but may jump (continueAfter), so search rather than
    // compute the position.
    std::size_t lo = 0, hi = m_items.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (at(mid).seq <= seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

LogSlice LogRing::slice(std::uint64_t afterSeq, std::uint64_t beforeSeq, std::size_t max,
                        bool fromOldest, const std::function<bool(const LogRecord &)> &filter) const
{
    LogSlice out;
    if (beforeSeq == 0)
        beforeSeq = std::numeric_limits<std::uint64_t>::max();
    if (beforeSeq <= afterSeq + 1)
        return out;
    // Each chunk re-finds its place by seq, as records may fall off between chunks.
    std::uint64_t lo = afterSeq;  // exclusive
    std::uint64_t hi = beforeSeq; // exclusive
    for (;;) {
        std::lock_guard lock(m_mutex);
        const std::size_t n = m_items.size();
        const std::size_t begin = firstAfter(lo);
        const std::size_t end = firstAfter(hi - 1);
        if (begin >= end) {
            if (fromOldest)
                out.scannedTo = std::max(lo, std::min(hi - 1, m_seq));
            break;
        }
        const std::size_t count = std::min(kScanChunk, end - begin);
        bool done = false;
        for (std::size_t k = 0; k < count && n; ++k) {
            const LogRecord &r = at(fromOldest ? begin + k : end - 1 - k);
            if (fromOldest)
                lo = r.seq;
            else
                hi = r.seq;
            if (filter && !filter(r))
                continue;
            if (out.records.size() == max) {
                out.more = true;
                done = true;
                break;
            }
            out.records.push_back(r);
        }
        if (fromOldest)
            out.scannedTo = lo;
        if (done)
            break;
    }
    if (out.more && fromOldest && !out.records.empty())
        out.scannedTo = out.records.back().seq;
    if (!fromOldest)
        std::reverse(out.records.begin(), out.records.end());
    return out;
}

std::uint64_t LogRing::lastSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_seq;
}

std::size_t LogRing::size() const
{
    std::lock_guard lock(m_mutex);
    return m_items.size();
}

std::uint64_t LogRing::subscribe(LogSubscriber subscriber)
{
    std::lock_guard lock(m_mutex);
    const std::uint64_t id = m_nextSubscriberId++;
    m_subscribers.push_back({id, std::make_shared<LogSubscriber>(std::move(subscriber))});
    return id;
}

void LogRing::unsubscribe(std::uint64_t id)
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_subscribers, [id](const Subscription &s) { return s.id == id; });
    if (m_subscribers.empty())
        m_pending.clear();
}

std::size_t LogRing::subscriberCount() const
{
    std::lock_guard lock(m_mutex);
    return m_subscribers.size();
}

} // namespace bb::telemetry
