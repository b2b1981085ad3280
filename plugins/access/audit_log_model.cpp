#include "audit_log_model.h"

#include "admin_api.h"
#include "shell/theme.h"

#include <QGuiApplication>

#include <algorithm>
#include <climits>

namespace bb::plugins::access {

AuditLogModel::AuditLogModel(AdminApi *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &AuditLogModel::poll);
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const AuditEntry &e = at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return e.ts.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ActorColumn:
            return e.actor.isEmpty() ? (e.actorId > 0 ? QString::number(e.actorId) : tr("system"))
                                     : e.actor;
        case ActionColumn:
            return e.action;
        case TargetColumn:
            return e.target;
        case ChangeColumn:
            return e.changeSummary();
        case IpColumn:
            return e.ip;
        }
    } else if (role == Qt::ToolTipRole &&
               (index.column() == ChangeColumn || index.column() == TargetColumn)) {
        return index.column() == ChangeColumn ? e.changeSummary() : e.target;
    } else if (role == Qt::ForegroundRole && index.column() == ActionColumn) {
        const QPalette pal = QGuiApplication::palette();
        if (e.action.endsWith(QLatin1String(".delete")) ||
            e.action.endsWith(QLatin1String(".revoke")) ||
            e.action.endsWith(QLatin1String("sessions_revoke")))
            return shell::toneColor(pal, shell::Tone::Danger);
        if (e.action.endsWith(QLatin1String(".create")))
            return shell::toneColor(pal, shell::Tone::Success);
        if (e.action == QLatin1String("user.impersonate") ||
            e.action == QLatin1String("user.reset_password"))
            return shell::toneColor(pal, shell::Tone::Warning);
    } else if (role == EntryIdRole) {
        return e.id;
    }
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ActorColumn:
        return tr("Actor");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target");
    case ChangeColumn:
        return tr("Change");
    case IpColumn:
        return tr("IP");
    }
    return {};
}

void AuditLogModel::setFilter(const AuditFilter &filter)
{
    if (filter == m_filter && m_loadedPages > 0)
        return;
    m_filter = filter;
    reload();
}

QUrlQuery AuditLogModel::baseQuery() const
{
    QUrlQuery q;
    if (!m_filter.actor.trimmed().isEmpty())
        q.addQueryItem(QStringLiteral("actor"), m_filter.actor.trimmed());
    if (!m_filter.action.isEmpty())
        q.addQueryItem(QStringLiteral("action"), m_filter.action);
    if (m_filter.since.isValid())
        q.addQueryItem(QStringLiteral("since"), m_filter.since.toUTC().toString(Qt::ISODate));
    if (m_filter.until.isValid())
        q.addQueryItem(QStringLiteral("until"), m_filter.until.toUTC().toString(Qt::ISODate));
    return q;
}

void AuditLogModel::reload()
{
    if (!m_api)
        return;
    const quint64 gen = ++m_generation;
    m_polling = false;
    m_loadingMore = false;
    QUrlQuery q = baseQuery();
    q.addQueryItem(QStringLiteral("page"), QStringLiteral("1"));
    q.addQueryItem(QStringLiteral("perPage"), QString::number(kPageSize));
    m_api->get(QStringLiteral("/api/admin/audit"), q, this, [this, gen](const ApiResponse &r) {
        if (gen != m_generation)
            return;
        if (!r.ok()) {
            emit failed(tr("Could not load the audit log: %1").arg(r.error));
            return;
        }
        const PageEnvelope page = PageEnvelope::fromJson(r.object());
        beginResetModel();
        m_rows.clear();
        for (const QJsonValue &v : page.items)
            m_rows.push_back(AuditEntry::fromJson(v.toObject()));
        m_loadedPages = 1;
        m_totalPages = page.totalPages;
        m_totalItems = page.totalItems;
        endResetModel();
        emit reloaded();
    });
}

bool AuditLogModel::loadMore()
{
    if (!m_api || !canLoadMore() || m_loadingMore || int(m_rows.size()) >= m_maxRows)
        return false;
    m_loadingMore = true;
    const quint64 gen = m_generation;
    const int page = m_loadedPages + 1;
    QUrlQuery q = baseQuery();
    q.addQueryItem(QStringLiteral("page"), QString::number(page));
    q.addQueryItem(QStringLiteral("perPage"), QString::number(kPageSize));
    m_api->get(QStringLiteral("/api/admin/audit"), q, this,
               [this, gen, page](const ApiResponse &r) {
                   if (gen != m_generation)
                       return;
                   m_loadingMore = false;
                   if (!r.ok()) {
                       emit failed(tr("Could not load older entries: %1").arg(r.error));
                       return;
                   }
                   const PageEnvelope p = PageEnvelope::fromJson(r.object());
                   // Entries that arrived live since page 1 shift the pages: skip what we have.
                   const qint64 oldest = m_rows.empty() ? LLONG_MAX : m_rows.back().id;
                   QList<AuditEntry> older;
                   for (const QJsonValue &v : p.items) {
                       AuditEntry e = AuditEntry::fromJson(v.toObject());
                       if (e.id < oldest)
                           older << e;
                   }
                   m_loadedPages = page;
                   m_totalPages = p.totalPages;
                   if (older.isEmpty())
                       return;
                   const int room = m_maxRows - int(m_rows.size());
                   if (room <= 0)
                       return;
                   if (older.size() > room)
                       older.resize(room);
                   beginInsertRows({}, rowCount(), rowCount() + int(older.size()) - 1);
                   for (const AuditEntry &e : older)
                       m_rows.push_back(e);
                   endInsertRows();
               });
    return true;
}

void AuditLogModel::poll()
{
    // Before the first page there is no "newest" to ask after; and one poll at a time.
    if (!m_api || m_polling || m_loadedPages == 0)
        return;
    m_polling = true;
    const quint64 gen = m_generation;
    QUrlQuery q = baseQuery();
    q.addQueryItem(QStringLiteral("after"), QString::number(newestId()));
    q.addQueryItem(QStringLiteral("perPage"), QString::number(kPollPageSize));
    m_api->get(QStringLiteral("/api/admin/audit"), q, this, [this, gen](const ApiResponse &r) {
        if (gen != m_generation)
            return;
        m_polling = false;
        if (!r.ok()) {
            emit failed(tr("Live audit updates stopped working: %1").arg(r.error));
            return;
        }
        const PageEnvelope page = PageEnvelope::fromJson(r.object());
        // More new entries than one answer holds: a gap would be a lie, so start over.
        if (page.totalPages > 1) {
            reload();
            return;
        }
        QList<AuditEntry> fresh;
        for (const QJsonValue &v : page.items)
            fresh << AuditEntry::fromJson(v.toObject());
        m_totalItems += fresh.size();
        prepend(fresh);
    });
}

void AuditLogModel::prepend(const QList<AuditEntry> &entries)
{
    const qint64 newest = newestId();
    QList<AuditEntry> fresh;
    for (const AuditEntry &e : entries) {
        if (e.id > newest)
            fresh << e;
    }
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(),
              [](const AuditEntry &a, const AuditEntry &b) { return a.id > b.id; });
    if (fresh.size() > m_maxRows)
        fresh.resize(m_maxRows);
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    for (auto it = fresh.crbegin(); it != fresh.crend(); ++it)
        m_rows.push_front(*it);
    endInsertRows();
    trim();
}

void AuditLogModel::trim()
{
    const int excess = rowCount() - m_maxRows;
    if (excess <= 0)
        return;
    beginRemoveRows({}, m_maxRows, rowCount() - 1);
    m_rows.erase(m_rows.end() - excess, m_rows.end());
    endRemoveRows();
    // What was trimmed can be paged in again only by a reload.
    m_totalPages = m_loadedPages;
}

void AuditLogModel::setLive(bool live)
{
    if (live == isLive())
        return;
    if (live)
        m_timer.start();
    else
        m_timer.stop();
    emit liveChanged(live);
}

} // namespace bb::plugins::access
