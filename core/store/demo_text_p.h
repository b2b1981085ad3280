// bb::store (private) — deterministic names, titles and sentences for the demo rows.
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace bb::store::internal {

/// splitmix64: tiny, fast, and the same sequence on every platform.
class DemoRandom {
public:
    explicit DemoRandom(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next();
    int below(int n) { return int(next() % std::uint64_t(n)); }
    bool chance(int percent) { return below(100) < percent; }
    const QString &pick(const QStringList &list) { return list.at(below(int(list.size()))); }

private:
    std::uint64_t m_state;
};

struct DemoText {
    static const QStringList &firstNames();
    static const QStringList &lastNames();
    static const QStringList &tagNames();
    /// "Ada Lovelace" style; `n` picks the name deterministically.
    static QString personName(int n);
    static QString bio(DemoRandom &r);
    static QString postTitle(DemoRandom &r);
    static QString postBody(DemoRandom &r);
    static QString comment(DemoRandom &r);
    static QString slug(const QString &title, int id);
    /// ISO-8601 UTC with milliseconds, `minutes` after 2023-01-01T00:00:00Z.
    static QString timestamp(qint64 minutes, int millis);
};

} // namespace bb::store::internal
