#include "logview/log_table_model.h"

#include <QDateTime>

#include <algorithm>

namespace bb::logview {

namespace {
// The most lines committed in one go (about 20-30 ms of work), so a resume after a long pause or
// a burst from a file never stalls the event loop; the rest follows on the next turn.
constexpr std::size_t kMaxCommit = 20'000;
constexpr int kDefaultBatchMs = 100;

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

LogTableModel::LogTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_fields(std::make_shared<FieldTable>())
    , m_ingest(std::make_unique<LogIngest>(m_fields))
    , m_filter(m_fields.get())
{
    m_timer.setInterval(kDefaultBatchMs);
    connect(&m_timer, &QTimer::timeout, this, &LogTableModel::flush);
    m_timer.start();
    m_refilterTimer.setInterval(0);
    connect(&m_refilterTimer, &QTimer::timeout, this, &LogTableModel::refilterSlice);
    (void)nowMs;
}

LogTableModel::~LogTableModel() = default;

void LogTableModel::setCapacity(std::size_t lines)
{
    m_ring.setCapacity(lines);
    if (m_ring.size() > m_ring.capacity())
        evictOldest(m_ring.size() - m_ring.capacity());
}

void LogTableModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        flush();
}

void LogTableModel::enqueue(std::vector<LogLine> lines)
{
    for (LogLine &l : lines)
        m_pending.push_back(std::move(l));
    while (m_pending.size() > m_ring.capacity())
        m_pending.pop_front();
}

void LogTableModel::flush()
{
    enqueue(m_ingest->take());
    if (m_paused || m_held) {
        emit pendingChanged(pendingCount());
        return;
    }
    if (m_pending.empty())
        return;
    const std::size_t n = std::min(kMaxCommit, m_pending.size());
    std::vector<LogLine> batch;
    batch.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(m_pending.front()));
        m_pending.pop_front();
    }
    commit(std::move(batch));
    if (!m_pending.empty())
        QTimer::singleShot(0, this, &LogTableModel::flush);
    emit pendingChanged(pendingCount());
}

void LogTableModel::commit(std::vector<LogLine> lines)
{
    const std::size_t cap = m_ring.capacity();
    const std::size_t skip = lines.size() > cap ? lines.size() - cap : 0;
    const std::size_t incoming = lines.size() - skip;
    if (m_ring.size() + incoming > cap) {
        // Evict in batches of at least 1% of the ring: fewer, larger row removals.
        const std::size_t overflow = m_ring.size() + incoming - cap;
        evictOldest(std::min(m_ring.size(), std::max(overflow, cap / 100)));
    }
    std::vector<std::uint64_t> rows;
    bool counted = false;
    for (std::size_t i = skip; i < lines.size(); ++i) {
        LogLine &line = lines[i];
        const std::uint64_t index = m_ring.endIndex();
        line.marks = 0;
        if (m_filter.matchesQueryAndRange(line)) {
            line.marks = m_markBit;
            ++m_counts[int(line.level)];
            m_volume.add(line.tsMs, line.level);
            counted = true;
            if (m_filter.isLevelEnabled(line.level))
                rows.push_back(index);
        }
        m_ring.accountAdded(line);
        m_ring.append(std::move(line));
    }
    if (!rows.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_rows.insert(m_rows.end(), rows.begin(), rows.end());
        endInsertRows();
    }
    emit batchCommitted(int(incoming), int(rows.size()));
    if (counted)
        emit countsChanged();
}

int LogTableModel::prependOlder(std::vector<LogLine> lines)
{
    const std::size_t room =
        m_ring.capacity() > m_ring.size() ? m_ring.capacity() - m_ring.size() : 0;
    // The newest of them when not all fit: they join the lines held without a gap.
    const std::size_t take = std::min(room, lines.size());
    const std::size_t skip = lines.size() - take;
    std::vector<std::uint64_t> rows;
    bool counted = false;
    for (std::size_t i = lines.size(); i-- > skip;) {
        LogLine &line = lines[i];
        line.marks = 0;
        const bool match = m_filter.matchesQueryAndRange(line);
        if (match) {
            line.marks = m_markBit;
            ++m_counts[int(line.level)];
            m_volume.add(line.tsMs, line.level);
            counted = true;
        }
        const bool shown = match && m_filter.isLevelEnabled(line.level);
        m_ring.accountAdded(line);
        m_ring.prepend(std::move(line));
        if (shown)
            rows.push_back(m_ring.firstIndex());
    }
    if (!rows.empty()) {
        beginInsertRows({}, 0, int(rows.size()) - 1);
        // Collected newest first: the row order is oldest first.
        m_rows.insert(m_rows.begin(), rows.rbegin(), rows.rend());
        endInsertRows();
    }
    if (m_refilter)
        startRefilter(m_refilter->levelOnly);
    if (counted)
        emit countsChanged();
    return int(take);
}

void LogTableModel::evictOldest(std::size_t count)
{
    count = std::min(count, m_ring.size());
    if (count == 0)
        return;
    const std::uint64_t newFirst = m_ring.firstIndex() + count;
    const std::uint8_t otherBit = m_markBit ^ 3;
    for (std::uint64_t i = m_ring.firstIndex(); i < newFirst; ++i) {
        const LogLine &line = m_ring.at(i);
        if (line.marks & m_markBit) {
            --m_counts[int(line.level)];
            m_volume.remove(line.tsMs, line.level);
        }
        if (m_refilter && i < m_refilter->next && (line.marks & otherBit)) {
            --m_refilter->counts[int(line.level)];
            m_refilter->volume.remove(line.tsMs, line.level);
        }
    }
    if (m_refilter) {
        while (!m_refilter->rows.empty() && m_refilter->rows.front() < newFirst)
            m_refilter->rows.pop_front();
        m_refilter->next = std::max(m_refilter->next, newFirst);
    }
    const auto firstKept = std::lower_bound(m_rows.begin(), m_rows.end(), newFirst);
    const int removed = int(firstKept - m_rows.begin());
    if (removed > 0) {
        beginRemoveRows({}, 0, removed - 1);
        m_rows.erase(m_rows.begin(), firstKept);
        m_ring.evictFront(count);
        endRemoveRows();
    } else {
        m_ring.evictFront(count);
    }
    emit countsChanged();
}

void LogTableModel::clear()
{
    beginResetModel();
    m_ring.clear();
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_pending.clear();
    m_counts = {};
    m_volume.clear();
    m_ingest->reset();
    const bool wasRefiltering = m_refilter.has_value();
    m_refilter.reset();
    m_refilterTimer.stop();
    endResetModel();
    emit countsChanged();
    emit pendingChanged(0);
    if (wasRefiltering) {
        emit refilterProgress(100);
        emit filterApplied();
    }
}

int LogTableModel::leadRank(std::uint16_t id) const
{
    // Interned once; ids never change, so comparing ids is enough.
    if (m_leadIds.empty()) {
        for (const char *name : {"method", "path", "status", "durationMs"})
            m_leadIds.push_back(m_fields->intern(name));
    }
    for (std::size_t i = 0; i < m_leadIds.size(); ++i) {
        if (m_leadIds[i] == id)
            return int(i);
    }
    return int(m_leadIds.size());
}

int LogTableModel::rowOfLine(std::uint64_t index) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), index);
    return it != m_rows.end() && *it == index ? int(it - m_rows.begin()) : -1;
}

void LogTableModel::setExtraColumns(const QStringList &fieldNames)
{
    beginResetModel();
    m_extraColumns = fieldNames;
    m_extraIds.clear();
    for (const QString &f : fieldNames)
        m_extraIds.push_back(m_fields->intern(f.toStdString()));
    endResetModel();
}

QString LogTableModel::fieldText(const LogLine &line, const QString &field) const
{
    std::string scratch;
    const QByteArray name = field.toUtf8();
    const telemetry::LogFieldValue v = LogFilter::lookup(
        line, *m_fields, std::string_view(name.constData(), std::size_t(name.size())), scratch);
    if (v.kind == telemetry::LogFieldValue::Missing)
        return {};
    if (field == QLatin1String("ts"))
        return QString::fromStdString(scratch);
    return QString::fromUtf8(v.text.data(), qsizetype(v.text.size()));
}

int LogTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstExtraColumn + int(m_extraColumns.size());
}

QVariant LogTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const std::uint64_t lineIndex = m_rows[std::size_t(index.row())];
    const LogLine &line = m_ring.at(lineIndex);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(line.tsMs);
            return role == Qt::ToolTipRole ? t.toString(Qt::ISODateWithMs)
                                           : t.toString(QStringLiteral("MM-dd HH:mm:ss.zzz"));
        }
        case LevelColumn:
            return severityLabel(line.level).toUpper();
        case MessageColumn: {
            // The message, then the line's fields like logfmt: an access log's "request" says
            // little until its method, path and status follow, so those come first.
            QString text = QString::fromUtf8(line.msg().data(), qsizetype(line.msg().size()));
            FieldRef refs[16];
            int count = 0;
            line.forEachField([&](const FieldRef &f) {
                if (count < 16)
                    refs[count++] = f;
            });
            std::stable_sort(refs, refs + count, [this](const FieldRef &a, const FieldRef &b) {
                return leadRank(a.id) < leadRank(b.id);
            });
            for (int k = 0; k < count && k < 10; ++k) {
                if (!text.isEmpty())
                    text += QLatin1Char(' ');
                text += QString::fromStdString(m_fields->name(refs[k].id)) + QLatin1Char('=') +
                        QString::fromUtf8(refs[k].value.data(), qsizetype(refs[k].value.size()));
            }
            return text;
        }
        default: {
            const int extra = index.column() - FirstExtraColumn;
            if (extra < 0 || extra >= int(m_extraColumns.size()))
                return {};
            return fieldText(line, m_extraColumns[extra]);
        }
        }
    case SeverityRole:
        return int(line.level);
    case TraceIdRole:
        return QString::fromUtf8(line.traceId().data(), qsizetype(line.traceId().size()));
    case TimestampMsRole:
        return qint64(line.tsMs);
    case LineIndexRole:
        return quint64(lineIndex);
    default:
        return {};
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case MessageColumn:
        return tr("Message");
    default:
        return m_extraColumns.value(section - FirstExtraColumn);
    }
}

} // namespace bb::logview
