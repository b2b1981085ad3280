// bb::plugins::access — colouring a label's text by meaning, following the palette.
#pragma once

#include "shell/theme.h"

#include <QWidget>

namespace bb::plugins::access {

inline void setTextTone(QWidget *w, shell::Tone tone)
{
    QPalette pal = w->palette();
    const QColor c = shell::toneColor(pal, tone);
    pal.setColor(QPalette::WindowText, c);
    pal.setColor(QPalette::Text, c);
    w->setPalette(pal);
}

} // namespace bb::plugins::access
