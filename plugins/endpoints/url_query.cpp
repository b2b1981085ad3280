#include "url_query.h"

#include <QUrl>

namespace bb::plugins::endpoints {

namespace {

// Only what would break the round trip is encoded; everything else stays as the user typed it.
QString encodePart(QString text, bool isName)
{
    text.replace(QLatin1Char('%'), QStringLiteral("%25"));
    text.replace(QLatin1Char('&'), QStringLiteral("%26"));
    text.replace(QLatin1Char('#'), QStringLiteral("%23"));
    if (isName)
        text.replace(QLatin1Char('='), QStringLiteral("%3D"));
    return text;
}

QString decodePart(QString text)
{
    text.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(text.toUtf8());
}

struct Split {
    QString head;     ///< up to (not including) '?'
    QString query;    ///< between '?' and '#'
    QString fragment; ///< from '#' on, including it
    bool hasQuery = false;
};

Split split(const QString &url)
{
    Split s;
    const qsizetype hash = url.indexOf(QLatin1Char('#'));
    const QString beforeHash = hash < 0 ? url : url.left(hash);
    s.fragment = hash < 0 ? QString() : url.mid(hash);
    const qsizetype q = beforeHash.indexOf(QLatin1Char('?'));
    s.hasQuery = q >= 0;
    s.head = q < 0 ? beforeHash : beforeHash.left(q);
    s.query = q < 0 ? QString() : beforeHash.mid(q + 1);
    return s;
}

} // namespace

QList<workspace::KeyValue> queryItems(const QString &url)
{
    QList<workspace::KeyValue> items;
    const Split s = split(url);
    if (!s.hasQuery || s.query.isEmpty())
        return items;
    const QStringList pairs = s.query.split(QLatin1Char('&'));
    for (const QString &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        workspace::KeyValue kv;
        kv.name = decodePart(eq < 0 ? pair : pair.left(eq));
        kv.value = eq < 0 ? QString() : decodePart(pair.mid(eq + 1));
        items.append(kv);
    }
    return items;
}

QString withQueryItems(const QString &url, const QList<workspace::KeyValue> &items)
{
    const Split s = split(url);
    QStringList pairs;
    for (const workspace::KeyValue &kv : items) {
        if (!kv.enabled || (kv.name.isEmpty() && kv.value.isEmpty()))
            continue;
        pairs.append(kv.value.isEmpty() && kv.name.size() > 0
                         ? encodePart(kv.name, true)
                         : encodePart(kv.name, true) + QLatin1Char('=') +
                               encodePart(kv.value, false));
    }
    if (pairs.isEmpty())
        return s.head + s.fragment;
    return s.head + QLatin1Char('?') + pairs.join(QLatin1Char('&')) + s.fragment;
}

} // namespace bb::plugins::endpoints
