// bb::plugins::server — the engine's routes and resources as a table, and "Copy as cURL" text.
#pragma once

#include "engine/engine.h"

#include <QAbstractTableModel>

#include <vector>

namespace bb::plugins::server {

/// A curl command line for `route` against `baseUrl`. Path parameters such as {id} stay as
/// placeholders for the user to fill in; POST/PUT/PATCH get a JSON content type and an empty body.
QString curlCommand(const engine::RouteInfo &route, const QString &baseUrl);

class RouteTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        MethodColumn,
        PathColumn,
        ResourceColumn,
        SummaryColumn,
        CopyColumn,
        ColumnCount
    };

    explicit RouteTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setRoutes(std::vector<engine::RouteInfo> routes);
    void setBaseUrl(const QString &baseUrl) { m_baseUrl = baseUrl; }
    QString baseUrl() const { return m_baseUrl; }
    const engine::RouteInfo &route(int row) const { return m_routes.at(std::size_t(row)); }
    QString curlForRow(int row) const;
    int resourceCount() const;

private:
    std::vector<engine::RouteInfo> m_routes;
    QString m_baseUrl;
};

} // namespace bb::plugins::server
