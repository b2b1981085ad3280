#include "store/connection_url_p.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace bb::store::internal {

namespace {

// libpq conninfo values are single-quoted with backslash escapes; QPSQL joins options with ';'
// and turns every ';' into a space, so a ';' inside a value cannot be passed through.
QString conninfoQuote(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    v.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

// What a server URL always carries: host, port (or the dialect's default), user, password and a
// database. `name` and `scheme` word the errors ("PostgreSQL", "postgres").
Result<ConnectionUrl> parseServerUrl(const QUrl &url, Dialect dialect, int defaultPort,
                                     const QString &name, const QString &scheme)
{
    if (!url.isValid() || url.host().isEmpty())
        return Error::invalid(QStringLiteral("not a valid %1 URL (expected "
                                             "%2://user:password@host:port/database)")
                                  .arg(name, scheme));
    ConnectionUrl out;
    out.dialect = dialect;
    out.host = url.host();
    out.port = url.port(defaultPort);
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded);
    out.database = url.path(QUrl::FullyDecoded);
    if (out.database.startsWith(QLatin1Char('/')))
        out.database.remove(0, 1);
    if (out.database.isEmpty())
        return Error::invalid(QStringLiteral("the %1 URL names no database").arg(name));
    return out;
}

// The URL as shown to people: the password, if any, masked.
QString displayUrl(QUrl url)
{
    if (!url.password().isEmpty())
        url.setPassword(QStringLiteral("****"));
    return url.toString();
}

Result<ConnectionUrl> parsePostgres(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    auto parsed = parseServerUrl(url, Dialect::Postgres, 5432, QStringLiteral("PostgreSQL"),
                                 QStringLiteral("postgres"));
    if (!parsed)
        return parsed;
    ConnectionUrl out = std::move(*parsed);

    static const QRegularExpression keyword(QStringLiteral("^[a-z_]+$"));
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!keyword.match(key).hasMatch())
            return Error::invalid(QStringLiteral("bad connection option '%1'").arg(key));
        if (value.contains(QLatin1Char(';')))
            return Error::invalid(QStringLiteral("connection option '%1' contains ';'").arg(key));
        out.connectOptions.append(key + QLatin1Char('=') + conninfoQuote(value));
    }

    out.display = displayUrl(url);
    return out;
}

// QMYSQL takes its options as NAME=value joined by ';'. Only TLS is exposed: "ssl=require"
// turns it on, verified against "sslca" or the system CA bundle (QMYSQL enables TLS only when
// one of its SSL_* options is set).
Result<ConnectionUrl> parseMysql(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    auto parsed =
        parseServerUrl(url, Dialect::Mysql, 3306, QStringLiteral("MySQL"), QStringLiteral("mysql"));
    if (!parsed)
        return parsed;
    ConnectionUrl out = std::move(*parsed);
    const QUrlQuery query(url);
    QString ssl;
    QString ca;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (value.contains(QLatin1Char(';')))
            return Error::invalid(QStringLiteral("connection option '%1' contains ';'").arg(key));
        if (key == QLatin1String("ssl"))
            ssl = value;
        else if (key == QLatin1String("sslca"))
            ca = value;
        else if (key == QLatin1String("connect_timeout"))
            out.connectOptions.append(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=") + value);
        else
            return Error::invalid(QStringLiteral("unknown MySQL connection option '%1' (known: "
                                                 "ssl, sslca, connect_timeout)")
                                      .arg(key));
    }
    if (ssl == QLatin1String("require"))
        out.connectOptions.append(
            QStringLiteral("SSL_CA=") +
            (ca.isEmpty() ? QStringLiteral("/etc/ssl/certs/ca-certificates.crt") : ca));
    else if (!ssl.isEmpty() && ssl != QLatin1String("disable"))
        return Error::invalid(
            QStringLiteral("MySQL ssl must be 'disable' or 'require', not '%1'").arg(ssl));
    out.display = displayUrl(url);
    return out;
}

} // namespace

Result<ConnectionUrl> parseConnectionUrl(const QString &url)
{
    const QString text = url.trimmed();
    if (text.startsWith(QLatin1String("postgres://")) ||
        text.startsWith(QLatin1String("postgresql://")))
        return parsePostgres(text);
    if (text.startsWith(QLatin1String("mysql://")) || text.startsWith(QLatin1String("mariadb://")))
        return parseMysql(text);

    ConnectionUrl out;
    out.path = text;
    if (out.path.startsWith(QLatin1String("sqlite:"))) {
        out.path.remove(0, 7);
        // "sqlite:///abs/path" is the URL spelling of "/abs/path".
        if (out.path.startsWith(QLatin1String("//")))
            out.path.remove(0, 2);
    }
    if (out.path.isEmpty())
        return Error::invalid(QStringLiteral("the database URL is empty"));
    // Each connection would get its own private in-memory database.
    if (out.path == QLatin1String(":memory:") || out.path.contains(QLatin1String("mode=memory")))
        return Error::invalid(QStringLiteral("in-memory SQLite is not supported; use a file"));
    out.display = QStringLiteral("sqlite:") + out.path;
    return out;
}

} // namespace bb::store::internal
