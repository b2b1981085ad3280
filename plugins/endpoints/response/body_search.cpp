#include "body_search.h"

#include "worker_pool.h"
#include <QCoreApplication>

#include <cstring>
#include <functional>

namespace bb::plugins::endpoints {

namespace {
inline unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}
} // namespace

std::vector<qint64> findAll(QByteArrayView haystack, QByteArrayView needle, bool caseSensitive,
                            qint64 limit, qint64 maxCount)
{
    std::vector<qint64> out;
    const qint64 n = haystack.size(), m = needle.size();
    if (m == 0 || n < m)
        return out;
    const char *h = haystack.data();
    if (caseSensitive) {
        qint64 pos = 0;
        while (pos < limit && qint64(out.size()) < maxCount) {
            const void *hit = memmem(h + pos, size_t(n - pos), needle.data(), size_t(m));
            if (!hit)
                break;
            const qint64 at = static_cast<const char *>(hit) - h;
            if (at >= limit)
                break;
            out.push_back(at);
            pos = at + 1;
        }
        return out;
    }
    QByteArray lower(needle.data(), m);
    for (char &c : lower)
        c = char(fold(uchar(c)));
    const std::boyer_moore_horspool_searcher searcher(
        lower.cbegin(), lower.cend(),
        [](char c) { return std::hash<unsigned char>()(fold(uchar(c))); },
        [](char a, char b) { return fold(uchar(a)) == fold(uchar(b)); });
    const char *pos = h;
    const char *end = h + n;
    while (pos < end && qint64(out.size()) < maxCount) {
        const auto [first, last] = searcher(pos, end);
        if (first == end || first - h >= limit)
            break;
        out.push_back(first - h);
        pos = first + 1;
    }
    return out;
}

BodySearch::BodySearch(QObject *parent)
    : QObject(parent)
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{}

BodySearch::~BodySearch()
{
    cancel();
    m_future.waitForFinished();
}

void BodySearch::cancel()
{
    m_cancel->store(true);
    m_running = false;
}

void BodySearch::start(BodySourcePtr source, const QByteArray &needle, bool caseSensitive)
{
    cancel();
    // Waiting is short (the worker polls the flag every chunk) and guarantees no superseded
    // worker outlives this object.
    m_future.waitForFinished();
    // A fresh flag per search: the previous worker keeps its own (now set) one.
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const quint64 generation = ++m_generation;
    m_matches.clear();
    m_needle = needle;
    m_truncated = false;
    if (needle.isEmpty() || !source) {
        emit matchesAdded(0);
        emit finished(0);
        return;
    }
    m_running = true;
    m_future = runBodyTask([this, source, needle, caseSensitive, generation, cancel = m_cancel] {
        const qint64 n = source->size();
        qint64 count = 0;
        for (qint64 from = 0; from < n || from == 0; from += kChunkBytes) {
            if (cancel->load())
                return;
            // The chunk is searched with needle-1 bytes of overlap; a match is kept by the
            // chunk it starts in.
            const qint64 limit = std::min(kChunkBytes, n - from);
            const QByteArrayView hay = source->view(from, limit + needle.size() - 1);
            std::vector<qint64> found =
                findAll(hay, needle, caseSensitive, limit, kMaxMatches - count);
            for (qint64 &f : found)
                f += from;
            count += qint64(found.size());
            const bool truncated = count >= kMaxMatches;
            const bool last = truncated || from + kChunkBytes >= n;
            QMetaObject::invokeMethod(
                this,
                [this, generation, f = std::move(found), done = from + limit, n, last,
                 truncated]() mutable {
                    deliver(generation, std::move(f), done, n, last, truncated);
                },
                Qt::QueuedConnection);
            if (last)
                return;
        }
    });
}

void BodySearch::deliver(quint64 generation, std::vector<qint64> found, qint64 done, qint64 total,
                         bool last, bool truncated)
{
    if (generation != m_generation)
        return; // a superseded search
    m_matches.insert(m_matches.end(), found.begin(), found.end());
    m_truncated = truncated;
    if (!found.empty())
        emit matchesAdded(qint64(m_matches.size()));
    emit progress(done, total);
    if (last) {
        m_running = false;
        emit finished(qint64(m_matches.size()));
    }
}

void BodySearch::waitForFinished()
{
    m_future.waitForFinished();
    QCoreApplication::sendPostedEvents(this);
}

} // namespace bb::plugins::endpoints
