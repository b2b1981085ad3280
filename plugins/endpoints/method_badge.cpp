#include "method_badge.h"

#include <QFont>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace bb::plugins::endpoints {

QColor methodColor(const QString &method)
{
    const QString m = method.toUpper();
    if (m == QLatin1String("GET"))
        return QColor(0x2e, 0x9d, 0x5b);
    if (m == QLatin1String("POST"))
        return QColor(0xd9, 0x8c, 0x12);
    if (m == QLatin1String("PUT"))
        return QColor(0x2f, 0x6f, 0xd6);
    if (m == QLatin1String("PATCH"))
        return QColor(0x8e, 0x55, 0xd0);
    if (m == QLatin1String("DELETE"))
        return QColor(0xd0, 0x3b, 0x3b);
    if (m == QLatin1String("WS") || m == QLatin1String("SSE"))
        return QColor(0x1d, 0x9a, 0xa8);
    return QColor(0x80, 0x80, 0x80);
}

QIcon methodIcon(const QString &method)
{
    static QHash<QString, QIcon> cache;
    const QString m = method.toUpper();
    if (auto it = cache.constFind(m); it != cache.cend())
        return *it;
    // Wide enough for "DEL"; drawn at 2x so it stays sharp on high-DPI screens.
    QPixmap pixmap(56, 32);
    pixmap.setDevicePixelRatio(2.0);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::TextAntialiasing);
    QFont f;
    f.setPixelSize(9);
    f.setBold(true);
    p.setFont(f);
    p.setPen(methodColor(m));
    const QString label = m == QLatin1String("DELETE")    ? QStringLiteral("DEL")
                          : m == QLatin1String("OPTIONS") ? QStringLiteral("OPT")
                                                          : m.left(5);
    p.drawText(QRect(0, 0, 28, 16), Qt::AlignLeft | Qt::AlignVCenter, label);
    p.end();
    QIcon icon(pixmap);
    cache.insert(m, icon);
    return icon;
}

} // namespace bb::plugins::endpoints
