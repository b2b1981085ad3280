// bb::dbx — a bounded cache of row blocks with least-recently-used eviction.
#pragma once
#include <QHash>
#include <QList>
#include <QVariant>
#include <list>

namespace bb::dbx {

/// One fetched row: its key (null under OFFSET paging) and its column values.
struct Row {
    QVariant key;
    QVariantList values;
};

/// Blocks of rows by block index; at most `maxBlocks` are kept, so memory stays bounded however
/// far the user scrolls (DB4S's cache only grows).
class BlockCache {
public:
    explicit BlockCache(int maxBlocks);

    /// The block, marking it most recently used; nullptr when not cached.
    const QList<Row> *get(qint64 block);
    /// The block without touching its recency (for anchors).
    const QList<Row> *peek(qint64 block) const;
    /// Stores `rows` as `block`, evicting the least recently used block when full.
    void put(qint64 block, QList<Row> rows);
    bool contains(qint64 block) const { return m_blocks.contains(block); }
    void clear();
    int size() const { return int(m_blocks.size()); }
    int maxBlocks() const { return m_max; }
    /// Total rows held, for the memory-bound test.
    qint64 rowCount() const;

private:
    struct Entry {
        QList<Row> rows;
        std::list<qint64>::iterator lru;
    };
    int m_max;
    QHash<qint64, Entry> m_blocks;
    std::list<qint64> m_order; ///< most recently used first
};

} // namespace bb::dbx
