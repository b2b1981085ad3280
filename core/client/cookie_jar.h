// bb::client — the cookies one HttpClient keeps between requests (libcurl's share interface, so
// concurrent transfers see each other's cookies). Kept in memory; written to a file only when
// saveTo() is called.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>

#include <memory>

namespace bb::client {

struct Cookie {
    QByteArray domain; ///< host, or ".example.com" style when includeSubdomains
    bool includeSubdomains = false;
    QByteArray path = "/";
    bool secure = false;
    bool httpOnly = false;
    qint64 expires = 0; ///< Unix seconds; 0 = session cookie
    QByteArray name;
    QByteArray value;

    /// One line of the Netscape cookie file format, as libcurl reads and writes it.
    QByteArray toNetscapeLine() const;
    static Result<Cookie> fromNetscapeLine(const QByteArray &line);
    bool operator==(const Cookie &) const = default;
};

class CurlShare;

class CookieJar {
public:
    /// A jar of its own; HttpClient passes the share its transfers use.
    CookieJar();
    explicit CookieJar(std::shared_ptr<CurlShare> share);
    ~CookieJar();
    CookieJar(const CookieJar &) = delete;
    CookieJar &operator=(const CookieJar &) = delete;

    QList<Cookie> list() const;
    Result<void> add(const Cookie &cookie);
    /// Removes the cookie with this domain, path and name; false when there was none.
    bool remove(const QByteArray &domain, const QByteArray &path, const QByteArray &name);
    void clear();

    /// Writes every cookie to path in the Netscape format (what curl -c writes).
    Result<void> saveTo(const QString &path) const;
    /// Adds the cookies of a Netscape-format file (curl -b / -c files).
    Result<void> loadFrom(const QString &path);

private:
    Result<void> command(const QByteArray &cookieListCommand) const;

    std::shared_ptr<CurlShare> m_share;
};

} // namespace bb::client
