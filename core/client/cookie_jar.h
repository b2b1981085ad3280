// bb::client — the cookies one HttpClient keeps between requests (libcurl's share interface, so
// concurrent transfers see each other's cookies). Kept in memory; written to a file only when
// saveTo() is called.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>

#include <array>
#include <mutex>

typedef void CURLSH;

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

class CookieJar {
public:
    CookieJar();
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

    /// For HttpClient's transfers: the share handle they attach to.
    CURLSH *shareHandle() const { return m_share; }

private:
    Result<void> command(const QByteArray &cookieListCommand) const;

    CURLSH *m_share = nullptr;
    // libcurl asks for a lock per kind of shared data; one mutex each.
    mutable std::array<std::mutex, 8> m_locks;
    friend struct CookieJarLocks;
};

} // namespace bb::client
