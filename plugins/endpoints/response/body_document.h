// bb::plugins::endpoints — a body split into display segments (lines, with very long lines cut
// every kMaxSegmentBytes) by a worker thread, chunk by chunk, so the part already indexed can be
// shown while the rest is still being read.
#pragma once

#include "body_source.h"

#include <QFuture>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace bb::plugins::endpoints {

class BodyDocument : public QObject {
    Q_OBJECT
public:
    /// A minified 100 MB JSON is one line: cutting it keeps every painted row bounded.
    static constexpr qint64 kMaxSegmentBytes = 1000;
    /// Bytes indexed between two updates to the GUI thread.
    static constexpr qint64 kChunkBytes = 4 * 1024 * 1024;

    /// Starts indexing `source` on a worker thread at once.
    explicit BodyDocument(BodySourcePtr source, QObject *parent = nullptr);
    ~BodyDocument() override;

    const BodySourcePtr &source() const { return m_source; }
    qint64 size() const { return m_source->size(); }
    bool isIndexed() const { return m_indexed; }
    qint64 indexedBytes() const { return m_indexedBytes; }

    /// Segments whose extent is known (all of them once indexed).
    qint64 segmentCount() const;
    qint64 segmentStart(qint64 segment) const { return qint64(m_segs[segment] & kOffsetMask); }
    /// End of the segment's text (before its line break).
    qint64 segmentEnd(qint64 segment) const;
    /// 0-based logical line the segment belongs to.
    qint64 lineOf(qint64 segment) const { return m_lines[segment]; }
    /// True when the segment continues a line cut at kMaxSegmentBytes.
    bool isContinuation(qint64 segment) const { return m_segs[segment] & kContinuation; }
    /// True when the segment starts inside a JSON string (for highlighting a cut line).
    bool startsInString(qint64 segment) const { return m_segs[segment] & kInString; }
    QByteArrayView segmentBytes(qint64 segment) const;
    /// The segment holding byte `offset`.
    qint64 segmentAt(qint64 offset) const;
    /// The first segment of logical line `line` (segmentCount() when not indexed yet).
    qint64 firstSegmentOfLine(qint64 line) const;
    qint64 lineCount() const { return m_lines.empty() ? 0 : qint64(m_lines.back()) + 1; }
    qint64 longestSegmentBytes() const { return m_longest; }

    /// Blocks until indexing finished (tests and the benchmark; the GUI never calls it).
    void waitForIndexed();

signals:
    void segmentsAdded();
    void indexProgress(qint64 bytesDone, qint64 total);
    void indexed();

private:
    static constexpr quint64 kOffsetMask = (quint64(1) << 56) - 1;
    static constexpr quint64 kContinuation = quint64(1) << 62;
    static constexpr quint64 kInString = quint64(1) << 61;

    void append(std::vector<quint64> segs, std::vector<quint32> lines, qint64 done, qint64 longest,
                bool last);

    BodySourcePtr m_source;
    std::vector<quint64> m_segs; ///< start offset | flags
    std::vector<quint32> m_lines;
    qint64 m_indexedBytes = 0;
    qint64 m_longest = 0;
    bool m_indexed = false;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFuture<void> m_future;
};

} // namespace bb::plugins::endpoints
