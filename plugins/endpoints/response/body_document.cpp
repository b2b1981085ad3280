#include "body_document.h"

#include "worker_pool.h"
#include <QCoreApplication>

#include <algorithm>

namespace bb::plugins::endpoints {

BodyDocument::BodyDocument(BodySourcePtr source, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    // The worker only reads the source and posts its results to this object; the destructor
    // cancels and waits, so no result is ever posted to a deleted document.
    m_future = runBodyTask([this, src = m_source, cancel = m_cancel] {
        const char *d = src->data();
        const qint64 n = src->size();
        quint32 line = 0;
        bool inString = false;
        bool escape = false;
        qint64 segStart = 0;
        qint64 longest = 0;
        std::vector<quint64> segs{0};
        std::vector<quint32> lines{0};
        for (qint64 from = 0;; from += kChunkBytes) {
            const qint64 end = std::min(n, from + kChunkBytes);
            for (qint64 i = from; i < end; ++i) {
                const char c = d[i];
                const qint64 len = i - segStart;
                // Cut a long line before a byte that starts a UTF-8 character, so every segment
                // decodes on its own; a run of continuation bytes is cut regardless.
                if (len >= kMaxSegmentBytes ||
                    (len >= kMaxSegmentBytes - 3 && c != '\n' && (uchar(c) & 0xC0) != 0x80)) {
                    longest = std::max(longest, len);
                    segStart = i;
                    segs.push_back(quint64(i) | kContinuation | (inString ? kInString : 0));
                    lines.push_back(line);
                }
                if (inString) {
                    if (escape)
                        escape = false;
                    else if (c == '\\')
                        escape = true;
                    else if (c == '"')
                        inString = false;
                } else if (c == '"') {
                    inString = true;
                } else if (c == '\n') {
                    longest = std::max(longest, i - segStart);
                    segStart = i + 1;
                    segs.push_back(quint64(i + 1));
                    lines.push_back(++line);
                }
            }
            const bool last = end >= n;
            if (last)
                longest = std::max(longest, n - segStart);
            if (cancel->load())
                return;
            QMetaObject::invokeMethod(
                this,
                [this, s = std::move(segs), l = std::move(lines), end, longest, last]() mutable {
                    append(std::move(s), std::move(l), end, longest, last);
                },
                Qt::QueuedConnection);
            segs = {};
            lines = {};
            if (last)
                return;
        }
    });
}

BodyDocument::~BodyDocument()
{
    m_cancel->store(true);
    m_future.waitForFinished();
}

void BodyDocument::append(std::vector<quint64> segs, std::vector<quint32> lines, qint64 done,
                          qint64 longest, bool last)
{
    m_segs.insert(m_segs.end(), segs.begin(), segs.end());
    m_lines.insert(m_lines.end(), lines.begin(), lines.end());
    m_indexedBytes = done;
    m_longest = longest;
    m_indexed = last;
    emit segmentsAdded();
    emit indexProgress(done, size());
    if (last)
        emit indexed();
}

void BodyDocument::waitForIndexed()
{
    m_future.waitForFinished();
    QCoreApplication::sendPostedEvents(this);
}

qint64 BodyDocument::segmentCount() const
{
    if (m_indexed)
        return qint64(m_segs.size());
    return std::max<qint64>(0, qint64(m_segs.size()) - 1);
}

qint64 BodyDocument::segmentEnd(qint64 segment) const
{
    qint64 end;
    if (segment + 1 < qint64(m_segs.size())) {
        end = segmentStart(segment + 1);
        if (isContinuation(segment + 1))
            return end;
        --end; // the '\n'
    } else {
        end = size();
    }
    if (end > segmentStart(segment) && m_source->data()[end - 1] == '\r')
        --end;
    return end;
}

QByteArrayView BodyDocument::segmentBytes(qint64 segment) const
{
    const qint64 start = segmentStart(segment);
    return m_source->view(start, segmentEnd(segment) - start);
}

qint64 BodyDocument::segmentAt(qint64 offset) const
{
    const auto it =
        std::upper_bound(m_segs.begin(), m_segs.end(), quint64(offset),
                         [](quint64 off, quint64 seg) { return off < (seg & kOffsetMask); });
    return std::max<qint64>(0, qint64(it - m_segs.begin()) - 1);
}

qint64 BodyDocument::firstSegmentOfLine(qint64 line) const
{
    const auto it = std::lower_bound(m_lines.begin(), m_lines.end(), quint32(line));
    return std::min(qint64(it - m_lines.begin()), segmentCount());
}

} // namespace bb::plugins::endpoints
