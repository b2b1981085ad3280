#include "role_list_model.h"

#include "admin_api.h"
#include "shell/theme.h"

#include <QGuiApplication>

namespace bb::plugins::access {

RoleListModel::RoleListModel(AdminApi *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{}

int RoleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_roles.size());
}

int RoleListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoleListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_roles.size())
        return {};
    const RoleRecord &r = m_roles.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return r.name;
        case DescriptionColumn:
            return r.description;
        case UsersColumn:
            return r.userCount;
        case KindColumn:
            if (r.builtIn)
                return r.editable ? tr("built-in, permissions editable") : tr("built-in");
            return tr("custom");
        }
    } else if (role == Qt::ForegroundRole && index.column() == KindColumn && r.builtIn) {
        return shell::toneColor(QGuiApplication::palette(), shell::Tone::Muted);
    } else if (role == Qt::ToolTipRole) {
        const QString why = whyFixed(index.row());
        if (index.column() == DescriptionColumn && !r.description.isEmpty())
            return why.isEmpty() ? r.description : r.description + QLatin1Char('\n') + why;
        return why.isEmpty() ? QVariant() : QVariant(why);
    } else if (role == RoleIdRole) {
        return r.id;
    } else if (role == Qt::TextAlignmentRole && index.column() == UsersColumn) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant RoleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Role");
    case DescriptionColumn:
        return tr("Description");
    case UsersColumn:
        return tr("Users");
    case KindColumn:
        return tr("Kind");
    }
    return {};
}

void RoleListModel::setRoles(const QList<RoleRecord> &roles)
{
    beginResetModel();
    m_roles = roles;
    endResetModel();
    emit reloaded();
}

int RoleListModel::rowOfRole(qint64 id) const
{
    for (int i = 0; i < m_roles.size(); ++i) {
        if (m_roles.at(i).id == id)
            return i;
    }
    return -1;
}

int RoleListModel::rowOfName(const QString &name) const
{
    for (int i = 0; i < m_roles.size(); ++i) {
        if (m_roles.at(i).name == name)
            return i;
    }
    return -1;
}

QStringList RoleListModel::names() const
{
    QStringList names;
    for (const RoleRecord &r : m_roles)
        names << r.name;
    return names;
}

QString RoleListModel::whyFixed(int row) const
{
    if (row < 0 || row >= m_roles.size() || !m_roles.at(row).builtIn)
        return {};
    return tr("%1 is a built-in role: it cannot be renamed or deleted.").arg(m_roles.at(row).name);
}

void RoleListModel::reload()
{
    if (!m_api)
        return;
    m_api->get(QStringLiteral("/api/admin/roles"), {}, this, [this](const ApiResponse &r) {
        if (!r.ok()) {
            emit failed(tr("Could not load the roles: %1").arg(r.error));
            return;
        }
        QList<RoleRecord> roles;
        for (const QJsonValue &v : r.object().value(QLatin1String("items")).toArray())
            roles << RoleRecord::fromJson(v.toObject());
        setRoles(roles);
    });
}

void RoleListModel::createRole(const QString &name, const QString &description,
                               std::function<void(bool)> done)
{
    // Always sent, even empty: the engine stores a description for every role.
    const QJsonObject body{{QStringLiteral("name"), name},
                           {QStringLiteral("description"), description}};
    m_api->post(QStringLiteral("/api/admin/roles"), body, this, [=, this](const ApiResponse &r) {
        if (!r.ok())
            emit failed(tr("Could not create the role %1: %2").arg(name, r.error));
        else
            emit notice(tr("Role %1 created.").arg(name));
        if (r.ok())
            reload();
        if (done)
            done(r.ok());
    });
}

void RoleListModel::renameRole(qint64 id, const QString &name, std::function<void(bool)> done)
{
    m_api->patch(QStringLiteral("/api/admin/roles/%1").arg(id), {{QStringLiteral("name"), name}},
                 this, [=, this](const ApiResponse &r) {
                     if (!r.ok())
                         emit failed(tr("Could not rename the role: %1").arg(r.error));
                     else
                         emit notice(tr("Role renamed to %1.").arg(name));
                     if (r.ok())
                         reload();
                     if (done)
                         done(r.ok());
                 });
}

void RoleListModel::deleteRole(qint64 id, std::function<void(bool)> done)
{
    const int row = rowOfRole(id);
    const QString name = row >= 0 ? m_roles.at(row).name : QString::number(id);
    m_api->del(QStringLiteral("/api/admin/roles/%1").arg(id), this,
               [=, this](const ApiResponse &r) {
                   if (!r.ok())
                       emit failed(tr("Could not delete the role %1: %2").arg(name, r.error));
                   else
                       emit notice(tr("Role %1 deleted.").arg(name));
                   if (r.ok())
                       reload();
                   if (done)
                       done(r.ok());
               });
}

} // namespace bb::plugins::access
