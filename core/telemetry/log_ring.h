// bb::telemetry — the in-memory ring of recent log records, with an optional JSON-lines file and
// live subscribers (the engine's log stream).
#pragma once

#include "telemetry/json_lines_file.h"
#include "telemetry/log_record.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bb::telemetry {

/// Called with each appended record, in seq order, on the appending thread but outside the
/// ring's lock. It must be quick and must not block on I/O; it must not append to the ring (a
/// record appended from inside is delivered after the current ones, by the same thread).
using LogSubscriber = std::function<void(const LogRecord &)>;

/// What LogRing::slice found.
struct LogSlice {
    std::vector<LogRecord> records; ///< oldest first
    bool more = false;              ///< further matches lie beyond the ones kept
    std::uint64_t scannedTo = 0;    ///< fromOldest: the newest seq examined
};

/// A bounded, thread-safe ring of log records. Appending is O(1); the oldest records fall off.
class LogRing {
public:
    explicit LogRing(std::size_t capacity = 100'000);

    /// Stores `record` (assigning seq and, when zero, tsUs), hands it to the subscribers and
    /// returns its seq.
    std::uint64_t append(LogRecord record);
    void setFile(std::shared_ptr<JsonLinesFile> file);
    void setCapacity(std::size_t capacity);
    std::size_t capacity() const;
    /// Makes the next seq larger than `seq` (no effect when it already is), so seqs keep
    /// increasing across an engine restart.
    void continueAfter(std::uint64_t seq);

    /// Records with seq > `afterSeq` that match `filter` (all when empty), oldest first,
    /// keeping only the newest `max`.
    std::vector<LogRecord> since(std::uint64_t afterSeq, std::size_t max,
                                 const std::function<bool(const LogRecord &)> &filter = {}) const;

    /// Matching records with afterSeq < seq < beforeSeq (beforeSeq 0 = no bound). `fromOldest`
    /// keeps the oldest `max` (paging forward); otherwise the newest `max` (paging back). The
    /// ring's lock is taken for a bounded chunk at a time, so appends are never held up by a
    /// long scan; `filter` runs under it and must be quick.
    LogSlice slice(std::uint64_t afterSeq, std::uint64_t beforeSeq, std::size_t max,
                   bool fromOldest, const std::function<bool(const LogRecord &)> &filter) const;

    std::uint64_t lastSeq() const;
    std::size_t size() const;

    /// Adds a subscriber; records appended from now on are delivered to it. Returns its id.
    std::uint64_t subscribe(LogSubscriber subscriber);
    /// Removes a subscriber. A delivery already under way on another thread may still reach
    /// it once, so whatever it captures must outlive that (hold it by shared_ptr).
    void unsubscribe(std::uint64_t id);
    std::size_t subscriberCount() const;

private:
    /// Position in m_items of the first record with seq > `seq` (m_items.size() when none);
    /// caller holds m_mutex.
    std::size_t firstAfter(std::uint64_t seq) const;
    const LogRecord &at(std::size_t ordinal) const
    {
        return m_items[(m_head + ordinal) % m_items.size()];
    }
    void deliverPending();

    struct Subscription {
        std::uint64_t id;
        std::shared_ptr<LogSubscriber> callback;
    };

    mutable std::mutex m_mutex;
    std::vector<LogRecord> m_items; ///< circular once full; seqs increase from m_head on
    std::size_t m_capacity;
    std::size_t m_head = 0; ///< index of the oldest when full
    std::uint64_t m_seq = 0;
    std::shared_ptr<JsonLinesFile> m_file;

    // Subscribers see records in seq order: appends queue copies under m_mutex, and whichever
    // thread holds m_deliverMutex drains the queue in order (see deliverPending).
    std::vector<Subscription> m_subscribers;
    std::vector<LogRecord> m_pending;
    std::uint64_t m_nextSubscriberId = 1;
    std::mutex m_deliverMutex;
};

} // namespace bb::telemetry
