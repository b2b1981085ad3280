#include "client/cookie_jar.h"

#include "client/curl_share_p.h"

#include <QFile>
#include <QSaveFile>

#include <curl/curl.h>

#include <memory>

namespace bb::client {

namespace {
// An easy handle attached to the share: libcurl reads and edits shared cookies only through one.
struct EasyOnShare {
    CURL *easy = nullptr;
    explicit EasyOnShare(CURLSH *share)
    {
        easy = curl_easy_init();
        if (easy) {
            curl_easy_setopt(easy, CURLOPT_SHARE, share);
            curl_easy_setopt(easy, CURLOPT_COOKIEFILE, "");
        }
    }
    ~EasyOnShare()
    {
        if (easy)
            curl_easy_cleanup(easy);
    }
};
} // namespace

QByteArray Cookie::toNetscapeLine() const
{
    QByteArray line = httpOnly ? "#HttpOnly_" + domain : domain;
    line += '\t';
    line += includeSubdomains ? "TRUE" : "FALSE";
    line += '\t' + (path.isEmpty() ? QByteArray("/") : path) + '\t';
    line += secure ? "TRUE" : "FALSE";
    line += '\t' + QByteArray::number(expires) + '\t' + name + '\t' + value;
    return line;
}

Result<Cookie> Cookie::fromNetscapeLine(const QByteArray &rawLine)
{
    QByteArray line = rawLine;
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    Cookie c;
    if (line.startsWith("#HttpOnly_")) {
        c.httpOnly = true;
        line = line.mid(10);
    }
    const QList<QByteArray> f = line.split('\t');
    if (f.size() != 7 || f[0].isEmpty() || f[5].isEmpty())
        return Error::invalid(QStringLiteral("not a Netscape cookie line: %1")
                                  .arg(QString::fromUtf8(rawLine.left(80))));
    bool ok = false;
    c.domain = f[0];
    c.includeSubdomains = f[1] == "TRUE";
    c.path = f[2];
    c.secure = f[3] == "TRUE";
    c.expires = f[4].toLongLong(&ok);
    if (!ok)
        return Error::invalid(QStringLiteral("bad cookie expiry: %1").arg(QString::fromUtf8(f[4])));
    c.name = f[5];
    c.value = f[6];
    return c;
}

CookieJar::CookieJar()
    : CookieJar(std::make_shared<CurlShare>())
{}

CookieJar::CookieJar(std::shared_ptr<CurlShare> share)
    : m_share(std::move(share))
{}

CookieJar::~CookieJar() = default;

Result<void> CookieJar::command(const QByteArray &cookieListCommand) const
{
    EasyOnShare e(m_share->handle());
    if (!e.easy)
        return Error::internal(QStringLiteral("curl_easy_init failed"));
    const CURLcode rc = curl_easy_setopt(e.easy, CURLOPT_COOKIELIST, cookieListCommand.constData());
    if (rc != CURLE_OK)
        return Error::invalid(QStringLiteral("libcurl refused the cookie: %1")
                                  .arg(QString::fromUtf8(curl_easy_strerror(rc))));
    return {};
}

QList<Cookie> CookieJar::list() const
{
    QList<Cookie> out;
    EasyOnShare e(m_share->handle());
    curl_slist *cookies = nullptr;
    if (!e.easy || curl_easy_getinfo(e.easy, CURLINFO_COOKIELIST, &cookies) != CURLE_OK)
        return out;
    for (curl_slist *n = cookies; n; n = n->next)
        if (auto c = Cookie::fromNetscapeLine(QByteArray(n->data)))
            out.append(*c);
    curl_slist_free_all(cookies);
    return out;
}

Result<void> CookieJar::add(const Cookie &cookie)
{
    if (cookie.domain.isEmpty() || cookie.name.isEmpty())
        return Error::invalid(QStringLiteral("a cookie needs a domain and a name"));
    for (const QByteArray &field : {cookie.domain, cookie.path, cookie.name, cookie.value})
        if (field.contains('\t') || field.contains('\n') || field.contains('\r'))
            return Error::invalid(QStringLiteral("cookie fields cannot hold tabs or line breaks"));
    return command(cookie.toNetscapeLine());
}

bool CookieJar::remove(const QByteArray &domain, const QByteArray &path, const QByteArray &name)
{
    // libcurl can only erase everything, so the rest is put back.
    const QList<Cookie> all = list();
    bool found = false;
    QList<Cookie> keep;
    for (const Cookie &c : all) {
        if (c.domain == domain && c.path == path && c.name == name)
            found = true;
        else
            keep.append(c);
    }
    if (!found)
        return false;
    clear();
    for (const Cookie &c : keep)
        (void)command(c.toNetscapeLine());
    return true;
}

void CookieJar::clear()
{
    (void)command("ALL");
}

Result<void> CookieJar::saveTo(const QString &path) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    f.write("# Netscape HTTP Cookie File\n# Written by Backbench.\n\n");
    for (const Cookie &c : list())
        f.write(c.toNetscapeLine() + '\n');
    if (!f.commit())
        return Error::io(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

Result<void> CookieJar::loadFrom(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty() || (line.startsWith('#') && !line.startsWith("#HttpOnly_")))
            continue;
        auto c = Cookie::fromNetscapeLine(line);
        if (!c)
            return c.error();
        if (auto added = add(*c); !added)
            return added;
    }
    return {};
}

} // namespace bb::client
