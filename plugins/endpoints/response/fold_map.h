// bb::plugins::endpoints — which segments of a document are hidden by folds, and the mapping
// between visible rows and segments (binary searches over prefix sums, so folding thousands of
// objects keeps painting cheap).
#pragma once

#include "json_pretty.h"

#include <set>
#include <vector>

namespace bb::plugins::endpoints {

class BodyDocument;

class FoldMap {
public:
    /// The foldable ranges (from the pretty-printer); clears the folded set.
    void setFoldable(std::vector<FoldRange> folds);
    const std::vector<FoldRange> &foldable() const { return m_foldable; }
    /// The foldable range opening on `line`, or null.
    const FoldRange *foldAt(qint64 line) const;
    bool isFolded(qint64 line) const { return m_folded.count(qint32(line)) > 0; }
    /// Folds or unfolds the range opening on `line`; false when none opens there.
    bool toggle(qint64 line, const BodyDocument &doc);
    void unfoldAll(const BodyDocument &doc);
    /// Unfolds every fold hiding `segment`; true if any was.
    bool reveal(qint64 segment, const BodyDocument &doc);
    /// Recomputes the hidden segments (after more of the document was indexed).
    void rebuild(const BodyDocument &doc);

    qint64 visibleRows(qint64 segmentCount) const { return segmentCount - m_hiddenTotal; }
    qint64 segmentForRow(qint64 row) const;
    /// The row showing `segment`, or the row of the fold hiding it.
    qint64 rowForSegment(qint64 segment) const;
    int foldedCount() const { return int(m_folded.size()); }

private:
    struct Hidden {
        qint64 first; ///< first hidden segment
        qint64 end;   ///< one past the last
        qint64 hiddenBefore;
    };
    std::vector<FoldRange> m_foldable;
    std::set<qint32> m_folded; ///< open lines of folded ranges
    std::vector<Hidden> m_hidden;
    qint64 m_hiddenTotal = 0;
};

} // namespace bb::plugins::endpoints
