#include "level_chips.h"

#include <QHBoxLayout>
#include <QLocale>
#include <QToolButton>

namespace bb::plugins::logs {

using logview::Severity;

QColor severityColor(Severity s)
{
    switch (s) {
    case Severity::Trace:
        return QColor(0x6e, 0xd0, 0xe0);
    case Severity::Debug:
        return QColor(0x8e, 0x8e, 0x8e);
    case Severity::Info:
        return QColor(0x37, 0x87, 0xde);
    case Severity::Warn:
        return QColor(0xe0, 0xa8, 0x1e);
    case Severity::Error:
        return QColor(0xe0, 0x2f, 0x44);
    case Severity::Fatal:
        return QColor(0xa3, 0x52, 0xcc);
    }
    return Qt::gray;
}

LevelChips::LevelChips(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (int i = 0; i < logview::kSeverityCount; ++i) {
        const auto s = Severity(i);
        auto *chip = new QToolButton(this);
        chip->setCheckable(true);
        chip->setChecked(true);
        chip->setAutoRaise(false);
        chip->setToolTip(tr("Show or hide %1 lines").arg(logview::severityLabel(s)));
        const QColor c = severityColor(s);
        chip->setStyleSheet(
            QStringLiteral("QToolButton { border: 1px solid %1; border-radius: 9px; padding: 1px "
                           "8px; color: palette(text); }"
                           "QToolButton:checked { background: %2; }")
                .arg(c.name(), QColor(c.red(), c.green(), c.blue(), 70).name(QColor::HexArgb)));
        connect(chip, &QToolButton::toggled, this,
                [this, s](bool on) { emit levelToggled(s, on); });
        m_chips[std::size_t(i)] = chip;
        layout->addWidget(chip);
    }
    layout->addStretch();
    setCounts({});
}

void LevelChips::setCounts(const logview::LevelCounts &counts)
{
    const QLocale locale;
    for (int i = 0; i < logview::kSeverityCount; ++i)
        m_chips[std::size_t(i)]->setText(QStringLiteral("%1  %2").arg(
            logview::severityLabel(Severity(i)), locale.toString(counts[std::size_t(i)])));
}

void LevelChips::setEnabledLevel(Severity s, bool on)
{
    m_chips[std::size_t(s)]->setChecked(on);
}

bool LevelChips::isLevelOn(Severity s) const
{
    return m_chips[std::size_t(s)]->isChecked();
}

} // namespace bb::plugins::logs
