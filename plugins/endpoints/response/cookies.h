// bb::plugins::endpoints — Set-Cookie values parsed into their attributes for the Cookies tab.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace bb::plugins::endpoints {

struct CookieRow {
    QString name;
    QString value;
    QString domain;
    QString path;
    QString expires; ///< the Expires date, or "Max-Age N s" (which wins over Expires), or empty
    bool httpOnly = false;
    bool secure = false;
    QString sameSite;
    QString error; ///< why the header is not a cookie; empty when it parsed
};

/// Parses one Set-Cookie value (RFC 6265 §5.2: attributes case-insensitive, unknown ones kept
/// out, a missing '=' in the name-value pair makes the whole header invalid).
CookieRow parseSetCookie(const QByteArray &header);
QList<CookieRow> parseSetCookies(const QList<QByteArray> &headers);

} // namespace bb::plugins::endpoints
