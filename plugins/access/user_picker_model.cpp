#include "user_picker_model.h"

#include "admin_api.h"
#include "user_list_model.h"

namespace bb::plugins::access {

UserPickerModel::UserPickerModel(AdminApi *api, QObject *parent)
    : QAbstractListModel(parent)
    , m_api(api)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(UserListModel::kSearchDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &UserPickerModel::searchNow);
}

int UserPickerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1 + int(m_users.size());
}

QVariant UserPickerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.row() == 0) {
        if (role == Qt::DisplayRole)
            return tr("Anonymous (no credentials)");
        if (role == UserIdRole)
            return qint64(0);
        return {};
    }
    const UserRecord &u = m_users.at(index.row() - 1);
    switch (role) {
    case Qt::DisplayRole:
        return u.displayName.isEmpty() ? u.email
                                       : QStringLiteral("%1 — %2").arg(u.email, u.displayName);
    case Qt::ToolTipRole:
        return tr("roles: %1").arg(u.roles.join(QStringLiteral(", ")));
    case UserIdRole:
        return u.id;
    case EmailRole:
        return u.email;
    }
    return {};
}

int UserPickerModel::rowOfUser(qint64 id) const
{
    for (int i = 0; i < m_users.size(); ++i) {
        if (m_users.at(i).id == id)
            return i + 1;
    }
    return -1;
}

void UserPickerModel::setSearch(const QString &text)
{
    m_search = text.trimmed();
    m_debounce.start();
}

void UserPickerModel::searchNow()
{
    m_debounce.stop();
    if (!m_api)
        return;
    const quint64 gen = ++m_generation;
    QUrlQuery q;
    if (!m_search.isEmpty())
        q.addQueryItem(QStringLiteral("q"), m_search);
    q.addQueryItem(QStringLiteral("perPage"), QString::number(kLimit));
    m_api->get(QStringLiteral("/api/admin/users"), q, this, [this, gen](const ApiResponse &r) {
        if (gen != m_generation)
            return;
        if (!r.ok()) {
            emit failed(tr("Could not search the users: %1").arg(r.error));
            return;
        }
        QList<UserRecord> users;
        for (const QJsonValue &v : PageEnvelope::fromJson(r.object()).items)
            users << UserRecord::fromJson(v.toObject());
        beginResetModel();
        m_users = users;
        endResetModel();
        emit searched();
    });
}

} // namespace bb::plugins::access
