#include "recent_requests_model.h"

#include "shell/theme.h"

#include <QDateTime>
#include <QGuiApplication>

#include <algorithm>

namespace bb::plugins::server {

RecentRequestsModel::RecentRequestsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int RecentRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentRequestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const engine::RecentRequest &r = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(r.tsUs / 1000)
                .toString(QStringLiteral("HH:mm:ss.zzz"));
        case MethodColumn:
            return r.method;
        case PathColumn:
            return r.path;
        case UserColumn:
            // Who authentication found; authorization then decided the status beside it.
            return r.userId.isEmpty() ? tr("anonymous") : tr("user %1").arg(r.userId);
        case StatusColumn:
            return r.status;
        case DurationColumn:
            return QStringLiteral("%1 ms").arg(r.durationMs, 0, 'f', 2);
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == UserColumn && r.userId.isEmpty())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        if (index.column() == StatusColumn) {
            // Read the palette at paint time so a light/dark switch recolours existing rows.
            const QPalette pal = QGuiApplication::palette();
            using shell::Tone;
            const Tone tone = r.status >= 500   ? Tone::Danger
                              : r.status >= 400 ? Tone::Warning
                              : r.status >= 300 ? Tone::Info
                                                : Tone::Success;
            return shell::toneColor(pal, tone);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == StatusColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (!r.traceId.isEmpty())
            return tr("Trace %1").arg(r.traceId);
        break;
    case SeqRole:
        return QVariant::fromValue<qulonglong>(r.seq);
    case TraceIdRole:
        return r.traceId;
    case StatusRole:
        return r.status;
    }
    return {};
}

QVariant RecentRequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case UserColumn:
        return tr("User");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    }
    return {};
}

void RecentRequestsModel::append(const std::vector<engine::RecentRequest> &batch)
{
    // Skip what we already have, then keep only what can fit.
    auto first = std::find_if(batch.begin(), batch.end(),
                              [this](const engine::RecentRequest &r) { return r.seq > m_lastSeq; });
    std::size_t fresh = std::size_t(std::distance(first, batch.end()));
    if (fresh == 0)
        return;
    m_totalAppended += qint64(fresh);
    m_lastSeq = batch.back().seq;
    if (fresh > std::size_t(m_maxRows)) {
        first += std::ptrdiff_t(fresh - std::size_t(m_maxRows));
        fresh = std::size_t(m_maxRows);
    }
    trimTo(m_maxRows - int(fresh));
    const int start = int(m_rows.size());
    beginInsertRows({}, start, start + int(fresh) - 1);
    m_rows.insert(m_rows.end(), first, batch.end());
    endInsertRows();
}

void RecentRequestsModel::trimTo(int rows)
{
    const int excess = int(m_rows.size()) - std::max(0, rows);
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
    endRemoveRows();
}

void RecentRequestsModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void RecentRequestsModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    trimTo(m_maxRows);
}

} // namespace bb::plugins::server
