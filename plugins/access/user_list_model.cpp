#include "user_list_model.h"

#include "admin_api.h"
#include "shell/theme.h"

#include <QGuiApplication>

#include <climits>

namespace bb::plugins::access {

UserListModel::UserListModel(AdminApi *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kSearchDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &UserListModel::applySearch);
}

int UserListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_total, INT_MAX));
}

int UserListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int block = index.row() / m_blockSize;
    const auto it = m_blocks.constFind(block);
    const int offset = index.row() % m_blockSize;
    if (it == m_blocks.constEnd() || offset >= it->size()) {
        if (role == LoadedRole)
            return false;
        if (role == Qt::ForegroundRole)
            return shell::toneColor(QGuiApplication::palette(), shell::Tone::Muted);
        if (role == Qt::DisplayRole && index.column() == EmailColumn) {
            if (m_failed.contains(block))
                return tr("could not load (F5 to retry)");
            // data() is how the view says which rows it paints: queue their block. The fetch
            // itself runs from the event loop, never inside a paint.
            const_cast<UserListModel *>(this)->requestBlock(block);
            return tr("loading…");
        }
        return {};
    }
    const UserRecord &u = it->at(offset);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EmailColumn:
            return u.email;
        case NameColumn:
            return u.displayName;
        case RolesColumn:
            return u.roles.isEmpty() ? tr("none") : u.roles.join(QStringLiteral(", "));
        case StatusColumn:
            return u.statusText();
        case CreatedColumn:
            return formatTime(u.createdAt);
        case LastLoginColumn:
            return formatTime(u.lastLoginAt, tr("never"));
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn && (u.disabled || u.isLocked()))
            return shell::toneColor(QGuiApplication::palette(),
                                    u.disabled ? shell::Tone::Danger : shell::Tone::Warning);
        if ((index.column() == LastLoginColumn && !u.lastLoginAt.isValid()) ||
            (index.column() == RolesColumn && u.roles.isEmpty()))
            return shell::toneColor(QGuiApplication::palette(), shell::Tone::Muted);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == RolesColumn && u.roles.isEmpty())
            return tr("No role: this user may do only what anonymous callers may.");
        if (index.column() == NameColumn || index.column() == EmailColumn)
            return u.displayName.isEmpty() ? u.email
                                           : u.email + QStringLiteral(" — ") + u.displayName;
        if (index.column() == StatusColumn && u.isLocked())
            return tr("Too many failed sign-ins; locked until %1. Unlock to allow sign-in now.")
                .arg(formatTime(u.lockedUntil));
        return {};
    case UserIdRole:
        return u.id;
    case LoadedRole:
        return true;
    }
    return {};
}

QVariant UserListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EmailColumn:
        return tr("Email");
    case NameColumn:
        return tr("Display name");
    case RolesColumn:
        return tr("Roles");
    case StatusColumn:
        return tr("Status");
    case CreatedColumn:
        return tr("Created");
    case LastLoginColumn:
        return tr("Last sign-in");
    }
    return {};
}

void UserListModel::setSearch(const QString &text)
{
    m_pendingSearch = text.trimmed();
    m_debounce.start();
}

void UserListModel::applySearch()
{
    m_debounce.stop();
    if (m_pendingSearch == m_search && m_answered)
        return;
    m_search = m_pendingSearch;
    startGeneration(true);
}

void UserListModel::reload()
{
    m_search = m_pendingSearch;
    m_debounce.stop();
    startGeneration(false);
}

void UserListModel::startGeneration(bool resetRows)
{
    ++m_generation;
    const bool wasLoading = isLoading();
    m_inFlight.clear();
    m_wanted.clear();
    m_failed.clear();
    m_focusBlock = 0;
    if (resetRows) {
        beginResetModel();
        m_blocks.clear();
        m_total = 0;
        m_answered = false;
        endResetModel();
        emit totalChanged(0);
    } else {
        m_blocks.clear();
        // Same rows, unknown content: the views repaint "loading…" and ask for what they show.
        if (m_total > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
    if (wasLoading)
        emit loadingChanged(false);
    // The first block answers the count; without it an empty table would never ask anything.
    requestBlock(0);
}

void UserListModel::setBlockSize(int rows)
{
    // The server caps perPage at 500.
    m_blockSize = qBound(10, rows, 500);
}

void UserListModel::ensureRowsLoaded(int first, int last)
{
    if (rowCount() == 0)
        return;
    first = qBound(0, first, rowCount() - 1);
    last = qBound(first, last, rowCount() - 1);
    const int firstBlock = first / m_blockSize;
    const int lastBlock = last / m_blockSize;
    // Prepending from the end leaves the first visible block at the front of the queue.
    for (int b = lastBlock; b >= firstBlock; --b)
        requestBlock(b);
}

bool UserListModel::isRowLoaded(int row) const
{
    const auto it = m_blocks.constFind(row / m_blockSize);
    return it != m_blocks.constEnd() && row % m_blockSize < it->size();
}

std::optional<UserRecord> UserListModel::userAt(int row) const
{
    const auto it = m_blocks.constFind(row / m_blockSize);
    if (row < 0 || it == m_blocks.constEnd() || row % m_blockSize >= it->size())
        return std::nullopt;
    return it->at(row % m_blockSize);
}

int UserListModel::rowOfUser(qint64 id) const
{
    for (auto it = m_blocks.constBegin(); it != m_blocks.constEnd(); ++it) {
        for (int i = 0; i < it->size(); ++i) {
            if (it->at(i).id == id)
                return it.key() * m_blockSize + i;
        }
    }
    return -1;
}

void UserListModel::updateUser(const UserRecord &user)
{
    const int row = rowOfUser(user.id);
    if (row < 0)
        return;
    m_blocks[row / m_blockSize][row % m_blockSize] = user;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int UserListModel::cachedRowCount() const
{
    int n = 0;
    for (const auto &block : m_blocks)
        n += int(block.size());
    return n;
}

void UserListModel::requestBlock(int block)
{
    // The most recent request is where the user looks: eviction keeps its neighbourhood.
    m_focusBlock = block;
    if (m_blocks.contains(block) || m_inFlight.contains(block) || m_failed.contains(block))
        return;
    m_wanted.removeOne(block);
    m_wanted.prepend(block);
    // Blocks wanted long ago have usually scrolled out of view; the view asks again if not.
    while (m_wanted.size() > kMaxQueued)
        m_wanted.removeLast();
    schedulePump();
}

void UserListModel::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

void UserListModel::pump()
{
    while (m_inFlight.size() < kMaxInFlight && !m_wanted.isEmpty())
        fetch(m_wanted.takeFirst());
}

void UserListModel::fetch(int block)
{
    if (!m_api)
        return;
    const bool wasLoading = isLoading();
    m_inFlight.insert(block);
    if (!wasLoading)
        emit loadingChanged(true);
    QUrlQuery q;
    if (!m_search.isEmpty())
        q.addQueryItem(QStringLiteral("q"), m_search);
    q.addQueryItem(QStringLiteral("page"), QString::number(block + 1));
    q.addQueryItem(QStringLiteral("perPage"), QString::number(m_blockSize));
    const quint64 generation = m_generation;
    m_api->get(QStringLiteral("/api/admin/users"), q, this,
               [this, generation, block](const ApiResponse &r) { onBlock(generation, block, r); });
}

void UserListModel::onBlock(quint64 generation, int block, const ApiResponse &response)
{
    if (generation != m_generation) {
        ++m_staleDropped;
        return;
    }
    m_inFlight.remove(block);
    if (!response.ok()) {
        m_failed.insert(block);
        emit failed(response.error);
    } else {
        const PageEnvelope page = PageEnvelope::fromJson(response.object());
        QList<UserRecord> rows;
        rows.reserve(page.items.size());
        for (const QJsonValue &v : page.items)
            rows.append(UserRecord::fromJson(v.toObject()));
        m_answered = true;
        setTotal(page.totalItems);
        const int first = block * m_blockSize;
        if (!rows.isEmpty() && first < rowCount()) {
            m_blocks.insert(block, rows);
            evict();
            const int last = qMin(first + int(rows.size()), rowCount()) - 1;
            if (m_blocks.contains(block))
                emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        }
    }
    if (!isLoading())
        emit loadingChanged(false);
    pump();
}

void UserListModel::setTotal(qint64 total)
{
    if (total == m_total)
        return;
    const int before = rowCount();
    const int after = int(qMin<qint64>(total, INT_MAX));
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        m_total = total;
        endInsertRows();
    } else if (after < before) {
        beginRemoveRows({}, after, before - 1);
        m_total = total;
        // Blocks past the new end describe rows that no longer exist.
        for (auto it = m_blocks.begin(); it != m_blocks.end();) {
            if (it.key() * m_blockSize >= after)
                it = m_blocks.erase(it);
            else
                ++it;
        }
        endRemoveRows();
    } else {
        m_total = total;
    }
    emit totalChanged(m_total);
}

void UserListModel::evict()
{
    while (m_blocks.size() > m_maxBlocks) {
        int farthest = -1;
        int distance = -1;
        for (auto it = m_blocks.constBegin(); it != m_blocks.constEnd(); ++it) {
            const int d = qAbs(it.key() - m_focusBlock);
            if (d > distance) {
                distance = d;
                farthest = it.key();
            }
        }
        m_blocks.remove(farthest);
    }
}

} // namespace bb::plugins::access
