#include "user_detail_models.h"

#include "shell/theme.h"

#include <QGuiApplication>

namespace bb::plugins::access {

int SessionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int SessionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const SessionRecord &s = m_items.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case CreatedColumn:
            return formatTime(s.createdAt);
        case LastUsedColumn:
            return formatTime(s.lastUsedAt, tr("never"));
        case ExpiresColumn:
            return formatTime(s.expiresAt);
        case IpColumn:
            return s.ip;
        case AgentColumn:
            return s.userAgent;
        }
    } else if (role == Qt::ToolTipRole && index.column() == AgentColumn) {
        return s.userAgent;
    }
    return {};
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CreatedColumn:
        return tr("Signed in");
    case LastUsedColumn:
        return tr("Last used");
    case ExpiresColumn:
        return tr("Expires");
    case IpColumn:
        return tr("IP");
    case AgentColumn:
        return tr("Client");
    }
    return {};
}

void SessionTableModel::setSessions(const QList<SessionRecord> &sessions)
{
    beginResetModel();
    m_items = sessions;
    endResetModel();
}

int ApiKeyTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ApiKeyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeyTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const ApiKeyRecord &k = m_items.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return k.name;
        case PrefixColumn:
            return k.prefix.isEmpty() ? QString() : k.prefix + QStringLiteral("…");
        case CreatedColumn:
            return formatTime(k.createdAt);
        case LastUsedColumn:
            return formatTime(k.lastUsedAt, tr("never"));
        case StateColumn:
            return k.isRevoked() ? tr("revoked %1").arg(formatTime(k.revokedAt)) : tr("active");
        }
    } else if (role == Qt::ForegroundRole && k.isRevoked()) {
        return shell::toneColor(QGuiApplication::palette(), shell::Tone::Muted);
    }
    return {};
}

QVariant ApiKeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case PrefixColumn:
        return tr("Key");
    case CreatedColumn:
        return tr("Created");
    case LastUsedColumn:
        return tr("Last used");
    case StateColumn:
        return tr("State");
    }
    return {};
}

void ApiKeyTableModel::setKeys(const QList<ApiKeyRecord> &keys)
{
    beginResetModel();
    m_items = keys;
    endResetModel();
}

} // namespace bb::plugins::access
