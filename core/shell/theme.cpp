#include "shell/theme.h"

#include <QFile>
#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

namespace bb::shell {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor toneColor(const QPalette &palette, Tone tone)
{
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    if (tone == Tone::Muted)
        return palette.color(QPalette::Disabled, QPalette::Text);
    int hue = 0;
    switch (tone) {
    case Tone::Success:
        hue = 130;
        break;
    case Tone::Info:
        hue = palette.color(QPalette::Highlight).hslHue();
        break;
    case Tone::Warning:
        hue = 35;
        break;
    case Tone::Danger:
        hue = 3;
        break;
    case Tone::Muted:
        break;
    }
    if (hue < 0)
        hue = 210; // a grey highlight has no hue
    // Light text on dark bases, dark text on light ones: keeps roughly 4.5:1 contrast either way.
    return QColor::fromHsl(hue, dark ? 170 : 200, dark ? 165 : 85);
}

QColor seriesColor(const QPalette &palette, int index)
{
    int base = palette.color(QPalette::Highlight).hslHue();
    if (base < 0)
        base = 210;
    const bool dark = isDark(palette);
    // Steps of 137° (the golden angle) keep neighbouring series far apart on the wheel.
    const int hue = (base + index * 137) % 360;
    return QColor::fromHsl(hue, dark ? 170 : 190, dark ? 160 : 100);
}

namespace {

class PaletteIconEngine final : public QIconEngine {
public:
    explicit PaletteIconEngine(QString path)
        : m_path(std::move(path))
    {
        QFile f(m_path);
        if (f.open(QIODevice::ReadOnly))
            m_svg = f.readAll();
    }

    QIconEngine *clone() const override { return new PaletteIconEngine(*this); }
    QString key() const override { return QStringLiteral("bb.palette-svg"); }
    bool isNull() override { return m_svg.isEmpty(); }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        const QPixmap pm = render(rect.size(), dpr, mode, state);
        painter->drawPixmap(rect, pm);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return render(size, 1.0, mode, state);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        return render(size, scale, mode, state);
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }

private:
    QColor colorFor(QIcon::Mode mode, QIcon::State state) const
    {
        const QPalette pal = QGuiApplication::palette();
        if (mode == QIcon::Disabled)
            return pal.color(QPalette::Disabled, QPalette::WindowText);
        if (mode == QIcon::Selected)
            return pal.color(QPalette::HighlightedText);
        if (state == QIcon::On)
            return pal.color(QPalette::Highlight).lightnessF() < 0.25 && isDark(pal)
                       ? pal.color(QPalette::WindowText)
                       : pal.color(QPalette::Highlight);
        return pal.color(QPalette::WindowText);
    }

    QPixmap render(const QSize &size, qreal dpr, QIcon::Mode mode, QIcon::State state)
    {
        if (size.isEmpty() || m_svg.isEmpty())
            return {};
        const QColor color = colorFor(mode, state);
        const QSize px = size * dpr;
        const QString cacheKey = QStringLiteral("bbicon:%1:%2x%3:%4")
                                     .arg(m_path)
                                     .arg(px.width())
                                     .arg(px.height())
                                     .arg(color.rgba(), 8, 16);
        QPixmap pm;
        if (QPixmapCache::find(cacheKey, &pm))
            return pm;
        QByteArray svg = m_svg;
        svg.replace("currentColor", color.name(QColor::HexRgb).toLatin1());
        QSvgRenderer renderer(svg);
        pm = QPixmap(px);
        pm.fill(Qt::transparent);
        {
            QPainter p(&pm);
            p.setRenderHint(QPainter::Antialiasing);
            renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(px)));
        }
        pm.setDevicePixelRatio(dpr);
        QPixmapCache::insert(cacheKey, pm);
        return pm;
    }

    QString m_path;
    QByteArray m_svg;
};

} // namespace

QIcon themedIcon(const QString &svgPath)
{
    return QIcon(new PaletteIconEngine(svgPath));
}

} // namespace bb::shell
