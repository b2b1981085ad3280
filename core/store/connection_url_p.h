// bb::store (private) — database URLs: "sqlite:PATH", a plain path, or postgres://… .
#pragma once

#include "common/result.h"
#include "store/schema.h"

#include <QString>
#include <QStringList>

namespace bb::store::internal {

struct ConnectionUrl {
    Dialect dialect = Dialect::Sqlite;
    QString path; ///< SQLite file
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    /// libpq keywords from the URL query ("sslmode='require'"), already quoted for conninfo;
    /// for MySQL, QMYSQL options ("SSL_CA=/path").
    QStringList connectOptions;
    QString display; ///< the URL with the password masked
};

/// Also "mysql://user:pass@host:port/db?ssl=require&sslca=/path" (or mariadb://).
Result<ConnectionUrl> parseConnectionUrl(const QString &url);

} // namespace bb::store::internal
