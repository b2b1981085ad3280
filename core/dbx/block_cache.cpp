#include "dbx/block_cache.h"

namespace bb::dbx {

BlockCache::BlockCache(int maxBlocks)
    : m_max(maxBlocks < 1 ? 1 : maxBlocks)
{}

const QList<Row> *BlockCache::get(qint64 block)
{
    auto it = m_blocks.find(block);
    if (it == m_blocks.end())
        return nullptr;
    m_order.splice(m_order.begin(), m_order, it->lru);
    return &it->rows;
}

const QList<Row> *BlockCache::peek(qint64 block) const
{
    auto it = m_blocks.constFind(block);
    return it == m_blocks.constEnd() ? nullptr : &it->rows;
}

void BlockCache::put(qint64 block, QList<Row> rows)
{
    auto it = m_blocks.find(block);
    if (it != m_blocks.end()) {
        it->rows = std::move(rows);
        m_order.splice(m_order.begin(), m_order, it->lru);
        return;
    }
    while (int(m_blocks.size()) >= m_max && !m_order.empty()) {
        m_blocks.remove(m_order.back());
        m_order.pop_back();
    }
    m_order.push_front(block);
    m_blocks.insert(block, Entry{std::move(rows), m_order.begin()});
}

void BlockCache::clear()
{
    m_blocks.clear();
    m_order.clear();
}

qint64 BlockCache::rowCount() const
{
    qint64 n = 0;
    for (const Entry &e : m_blocks)
        n += e.rows.size();
    return n;
}

} // namespace bb::dbx
