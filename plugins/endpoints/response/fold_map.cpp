#include "fold_map.h"

#include "body_document.h"

#include <algorithm>

namespace bb::plugins::endpoints {

void FoldMap::setFoldable(std::vector<FoldRange> folds)
{
    m_foldable = std::move(folds);
    m_folded.clear();
    m_hidden.clear();
    m_hiddenTotal = 0;
}

const FoldRange *FoldMap::foldAt(qint64 line) const
{
    const auto it =
        std::lower_bound(m_foldable.begin(), m_foldable.end(), line,
                         [](const FoldRange &f, qint64 l) { return qint64(f.openLine) < l; });
    return it != m_foldable.end() && it->openLine == line ? &*it : nullptr;
}

bool FoldMap::toggle(qint64 line, const BodyDocument &doc)
{
    if (!foldAt(line))
        return false;
    if (!m_folded.erase(qint32(line)))
        m_folded.insert(qint32(line));
    rebuild(doc);
    return true;
}

void FoldMap::unfoldAll(const BodyDocument &doc)
{
    m_folded.clear();
    rebuild(doc);
}

bool FoldMap::reveal(qint64 segment, const BodyDocument &doc)
{
    if (segment >= doc.segmentCount())
        return false;
    const qint64 line = doc.lineOf(segment);
    bool changed = false;
    for (auto it = m_folded.begin(); it != m_folded.end();) {
        const FoldRange *f = foldAt(*it);
        if (f && line > f->openLine && line <= f->closeLine) {
            it = m_folded.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    if (changed)
        rebuild(doc);
    return changed;
}

void FoldMap::rebuild(const BodyDocument &doc)
{
    m_hidden.clear();
    m_hiddenTotal = 0;
    const qint64 count = doc.segmentCount();
    qint64 coveredTo = 0;
    for (qint32 open : m_folded) { // ascending: an outer fold comes before the folds inside it
        const FoldRange *f = foldAt(open);
        const qint64 first = doc.firstSegmentOfLine(qint64(open) + 1);
        const qint64 end = std::min(doc.firstSegmentOfLine(qint64(f->closeLine) + 1), count);
        if (first < coveredTo || first >= end)
            continue; // inside an outer fold, or not indexed yet
        m_hidden.push_back({first, end, m_hiddenTotal});
        m_hiddenTotal += end - first;
        coveredTo = end;
    }
}

qint64 FoldMap::segmentForRow(qint64 row) const
{
    // The number of hidden ranges that start at or before this row's position.
    const auto it =
        std::upper_bound(m_hidden.begin(), m_hidden.end(), row,
                         [](qint64 r, const Hidden &h) { return r < h.first - h.hiddenBefore; });
    if (it == m_hidden.begin())
        return row;
    const Hidden &h = *(it - 1);
    return row + h.hiddenBefore + (h.end - h.first);
}

qint64 FoldMap::rowForSegment(qint64 segment) const
{
    const auto it = std::upper_bound(m_hidden.begin(), m_hidden.end(), segment,
                                     [](qint64 s, const Hidden &h) { return s < h.first; });
    if (it == m_hidden.begin())
        return segment;
    const Hidden &h = *(it - 1);
    if (segment < h.end)
        return h.first - 1 - h.hiddenBefore; // the fold's own line
    return segment - h.hiddenBefore - (h.end - h.first);
}

} // namespace bb::plugins::endpoints
