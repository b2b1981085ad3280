// bb::plugins::endpoints — finds every occurrence of a string in a body on a worker thread,
// streaming the match offsets to the GUI thread chunk by chunk; cancellable.
#pragma once

#include "body_source.h"

#include <QFuture>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace bb::plugins::endpoints {

class BodySearch : public QObject {
    Q_OBJECT
public:
    /// More matches than this are counted as "at least" and no longer stored.
    static constexpr qint64 kMaxMatches = 1'000'000;
    static constexpr qint64 kChunkBytes = 4 * 1024 * 1024;

    explicit BodySearch(QObject *parent = nullptr);
    ~BodySearch() override;

    /// Cancels any running search and starts one for `needle` (UTF-8) in `source`.
    /// Case-insensitive matching folds ASCII letters only.
    void start(BodySourcePtr source, const QByteArray &needle, bool caseSensitive);
    void cancel();

    bool isRunning() const { return m_running; }
    bool isTruncated() const { return m_truncated; }
    QByteArray needle() const { return m_needle; }
    /// Offsets found so far, ascending.
    const std::vector<qint64> &matches() const { return m_matches; }
    /// Blocks until the current search ended (tests and the benchmark).
    void waitForFinished();

signals:
    void matchesAdded(qint64 total);
    void progress(qint64 bytesDone, qint64 total);
    void finished(qint64 total);

private:
    void deliver(quint64 generation, std::vector<qint64> found, qint64 done, qint64 total,
                 bool last, bool truncated);

    std::vector<qint64> m_matches;
    QByteArray m_needle;
    bool m_running = false;
    bool m_truncated = false;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFuture<void> m_future;
};

/// All offsets of `needle` in `haystack` starting before `limit` (the search's core, exposed
/// for tests).
std::vector<qint64> findAll(QByteArrayView haystack, QByteArrayView needle, bool caseSensitive,
                            qint64 limit, qint64 maxCount);

} // namespace bb::plugins::endpoints
