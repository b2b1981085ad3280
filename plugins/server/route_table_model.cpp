#include "route_table_model.h"

#include "shell/theme.h"

#include <QGuiApplication>
#include <QSet>

namespace bb::plugins::server {

namespace {
// Single quotes stop the shell from expanding anything; a quote inside is closed, escaped,
// reopened.
QString shellQuote(const QString &s)
{
    QString out = s;
    out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}
} // namespace

QString curlCommand(const engine::RouteInfo &route, const QString &baseUrl)
{
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QString method = route.method.toUpper();
    QString cmd = QStringLiteral("curl");
    if (method != QLatin1String("GET"))
        cmd += QStringLiteral(" -X ") + method;
    cmd += QLatin1Char(' ') + shellQuote(base + route.pattern);
    if (method == QLatin1String("POST") || method == QLatin1String("PUT") ||
        method == QLatin1String("PATCH")) {
        cmd += QStringLiteral(" -H 'Content-Type: application/json' -d '{}'");
    }
    return cmd;
}

RouteTableModel::RouteTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int RouteTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_routes.size());
}

int RouteTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RouteTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_routes.size()))
        return {};
    const engine::RouteInfo &r = m_routes[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case MethodColumn:
            return r.method;
        case PathColumn:
            return r.pattern;
        case ResourceColumn:
            return r.resource;
        case SummaryColumn:
            return r.summary;
        case CopyColumn:
            return {};
        }
    } else if (role == Qt::ToolTipRole) {
        return curlForRow(index.row());
    } else if (role == Qt::ForegroundRole && index.column() == MethodColumn) {
        const QPalette pal = QGuiApplication::palette();
        using shell::Tone;
        const QString m = r.method.toUpper();
        if (m == QLatin1String("DELETE"))
            return shell::toneColor(pal, Tone::Danger);
        if (m == QLatin1String("GET") || m == QLatin1String("HEAD"))
            return shell::toneColor(pal, Tone::Success);
        return shell::toneColor(pal, Tone::Warning);
    }
    return {};
}

QVariant RouteTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case ResourceColumn:
        return tr("Resource");
    case SummaryColumn:
        return tr("Summary");
    case CopyColumn:
        return QString();
    }
    return {};
}

void RouteTableModel::setRoutes(std::vector<engine::RouteInfo> routes)
{
    beginResetModel();
    m_routes = std::move(routes);
    endResetModel();
}

QString RouteTableModel::curlForRow(int row) const
{
    if (row < 0 || row >= int(m_routes.size()))
        return {};
    return curlCommand(m_routes[std::size_t(row)], m_baseUrl);
}

int RouteTableModel::resourceCount() const
{
    QSet<QString> names;
    for (const auto &r : m_routes) {
        if (!r.resource.isEmpty())
            names.insert(r.resource);
    }
    return int(names.size());
}

} // namespace bb::plugins::server
