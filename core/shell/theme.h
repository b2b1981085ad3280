// bb::shell — colours and icons derived from the system palette, so light and dark both work.
#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace bb::shell {

/// Meaning-carrying colours (status codes, engine state) computed from a palette: the hue says
/// what it means, the lightness is picked to contrast with the palette's base colour.
enum class Tone { Success, Info, Warning, Danger, Muted };
QColor toneColor(const QPalette &palette, Tone tone);

/// `n` distinct series colours for charts, starting from the palette's highlight hue.
QColor seriesColor(const QPalette &palette, int index);

/// True when the palette's window colour is dark.
bool isDark(const QPalette &palette);

/// An icon from a monochrome SVG that uses `currentColor`; it is painted with the application
/// palette's text colour at paint time, so it follows light/dark changes without reloading.
/// Checked ("On") icons use the highlight colour and disabled ones the disabled text colour.
QIcon themedIcon(const QString &svgPath);

} // namespace bb::shell
