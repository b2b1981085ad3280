// LogTableModel: applying a filter change in slices of the event loop.
#include "logview/log_table_model.h"

#include <QElapsedTimer>

namespace bb::logview {

namespace {
// Each slice stops after this much work, so a refilter of a full ring never stalls the GUI.
constexpr qint64 kSliceBudgetNs = 15'000'000;
} // namespace

std::optional<telemetry::LogQueryError> LogTableModel::setQueryText(const QString &text)
{
    const QByteArray utf8 = text.trimmed().toUtf8();
    auto parsed =
        telemetry::LogQuery::parse(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    if (auto *error = std::get_if<telemetry::LogQueryError>(&parsed))
        return *error;
    const QString trimmed = text.trimmed();
    if (trimmed == m_queryText && !m_refilter)
        return std::nullopt;
    auto query = std::get<telemetry::LogQuery>(std::move(parsed));
    m_terms.clear();
    for (const std::string &t : query.containsTerms())
        m_terms.append(QString::fromStdString(t));
    m_queryText = trimmed;
    m_filter.setQuery(std::move(query));
    startRefilter(false);
    return std::nullopt;
}

void LogTableModel::setLevelEnabled(Severity level, bool enabled)
{
    if (m_filter.isLevelEnabled(level) == enabled)
        return;
    m_filter.setLevelEnabled(level, enabled);
    startRefilter(true);
}

void LogTableModel::setTimeRange(qint64 fromMs, qint64 toMs)
{
    if (fromMs > toMs)
        std::swap(fromMs, toMs);
    m_filter.setTimeRange(fromMs, toMs);
    startRefilter(false);
}

void LogTableModel::resetTimeRange()
{
    if (!m_filter.hasTimeRange())
        return;
    m_filter.setTimeRange(LogFilter::kNoLimitFrom, LogFilter::kNoLimitTo);
    startRefilter(false);
}

void LogTableModel::startRefilter(bool levelOnly)
{
    // A level change during a query change still needs the whole query evaluated.
    if (m_refilter && !m_refilter->levelOnly)
        levelOnly = false;
    m_refilter.emplace();
    m_refilter->filter = m_filter;
    m_refilter->levelOnly = levelOnly;
    m_refilter->start = m_refilter->next = m_ring.firstIndex();
    emit refilterProgress(0);
    refilterSlice();
    if (m_refilter)
        m_refilterTimer.start();
}

void LogTableModel::refilterSlice()
{
    if (!m_refilter) {
        m_refilterTimer.stop();
        return;
    }
    Refilter &r = *m_refilter;
    const std::uint8_t otherBit = m_markBit ^ 3;
    QElapsedTimer clock;
    clock.start();
    const std::uint64_t end = m_ring.endIndex();
    while (r.next < end) {
        LogLine &line = m_ring.at(r.next);
        const bool match =
            r.levelOnly ? (line.marks & m_markBit) : r.filter.matchesQueryAndRange(line);
        line.marks = std::uint8_t((line.marks & m_markBit) | (match ? otherBit : 0));
        if (match) {
            ++r.counts[int(line.level)];
            r.volume.add(line.tsMs, line.level);
            if (r.filter.isLevelEnabled(line.level))
                r.rows.push_back(r.next);
        }
        ++r.next;
        if ((r.next & 1023) == 0 && clock.nsecsElapsed() > kSliceBudgetNs)
            break;
    }
    if (r.next < end) {
        const double total = double(end - r.start);
        emit refilterProgress(total > 0 ? int(100.0 * double(r.next - r.start) / total) : 0);
        return;
    }
    m_refilterTimer.stop();
    beginResetModel();
    m_rows.swap(r.rows);
    m_counts = r.counts;
    m_volume = std::move(r.volume);
    m_markBit = otherBit;
    m_refilter.reset();
    endResetModel();
    emit refilterProgress(100);
    emit countsChanged();
    emit filterApplied();
}

} // namespace bb::logview
