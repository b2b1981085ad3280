#include "cookies.h"

namespace bb::plugins::endpoints {

CookieRow parseSetCookie(const QByteArray &header)
{
    CookieRow c;
    const QList<QByteArray> parts = header.split(';');
    const QByteArray pair = parts.value(0).trimmed();
    const int eq = int(pair.indexOf('='));
    if (eq < 0) {
        c.error = QStringLiteral("No '=' in the name-value pair \"%1\"")
                      .arg(QString::fromUtf8(pair.left(80)));
        return c;
    }
    c.name = QString::fromUtf8(pair.left(eq).trimmed());
    if (c.name.isEmpty()) {
        c.error = QStringLiteral("The cookie has no name");
        return c;
    }
    QByteArray value = pair.mid(eq + 1).trimmed();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    c.value = QString::fromUtf8(value);
    QString maxAge;
    for (int i = 1; i < parts.size(); ++i) {
        const QByteArray attr = parts[i].trimmed();
        const int aeq = int(attr.indexOf('='));
        const QByteArray key = (aeq < 0 ? attr : attr.left(aeq)).trimmed().toLower();
        const QString val = aeq < 0 ? QString() : QString::fromUtf8(attr.mid(aeq + 1).trimmed());
        if (key == "domain")
            c.domain = val.startsWith(QLatin1Char('.')) ? val.mid(1) : val;
        else if (key == "path")
            c.path = val;
        else if (key == "expires")
            c.expires = val;
        else if (key == "max-age")
            maxAge = val;
        else if (key == "httponly")
            c.httpOnly = true;
        else if (key == "secure")
            c.secure = true;
        else if (key == "samesite")
            c.sameSite = val;
    }
    if (!maxAge.isEmpty())
        c.expires = QStringLiteral("Max-Age %1 s").arg(maxAge);
    return c;
}

QList<CookieRow> parseSetCookies(const QList<QByteArray> &headers)
{
    QList<CookieRow> out;
    for (const QByteArray &h : headers)
        out.append(parseSetCookie(h));
    return out;
}

} // namespace bb::plugins::endpoints
