#include "app/activity_bar.h"

#include <QButtonGroup>
#include <QPainter>
#include <QStyleOptionToolButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb::app {

namespace {

/// A flat square button that marks the current panel with a highlight-coloured edge, as in
/// VS Code and Qt Creator, instead of a sunken frame that looks different in every style.
class ActivityButton final : public QToolButton {
public:
    using QToolButton::QToolButton;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const QPalette &pal = palette();
        const bool hovered = underMouse();
        if (isChecked() || hovered) {
            QColor bg = pal.color(QPalette::Highlight);
            bg.setAlphaF(isChecked() ? 0.18 : 0.08);
            p.fillRect(rect(), bg);
        }
        if (isChecked())
            p.fillRect(QRect(0, 0, 3, height()), pal.color(QPalette::Highlight));
        const QIcon::Mode mode = isEnabled() ? QIcon::Normal : QIcon::Disabled;
        const QIcon::State state = isChecked() ? QIcon::On : QIcon::Off;
        const QSize sz = iconSize();
        const QRect target(QPoint((width() - sz.width()) / 2, (height() - sz.height()) / 2), sz);
        if (!icon().isNull()) {
            icon().paint(&p, target, Qt::AlignCenter, mode, state);
        } else {
            // A panel without an icon still needs a recognisable button: its initial.
            QFont f = font();
            f.setBold(true);
            f.setPixelSize(sz.height() * 2 / 3);
            p.setFont(f);
            p.setPen(pal.color(isChecked() ? QPalette::Highlight : QPalette::WindowText));
            p.drawText(rect(), Qt::AlignCenter, text().left(1).toUpper());
        }
        if (hasFocus()) {
            QStyleOptionFocusRect opt;
            opt.initFrom(this);
            opt.rect = rect().adjusted(4, 4, -4, -4);
            style()->drawPrimitive(QStyle::PE_FrameFocusRect, &opt, &p, this);
        }
    }
};

} // namespace

ActivityBar::ActivityBar(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
    , m_group(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("activityBar"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    m_layout->setContentsMargins(0, 4, 0, 4);
    m_layout->setSpacing(2);
    m_layout->addStretch(1);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::buttonClicked, this,
            [this](QAbstractButton *b) { emit panelActivated(b->property("panelId").toString()); });
}

void ActivityBar::addPanel(const QString &id, const QString &title, const QIcon &icon,
                           const QKeySequence &shortcut)
{
    auto *b = new ActivityButton(this);
    b->setObjectName(QStringLiteral("activity-") + id);
    b->setProperty("panelId", id);
    b->setCheckable(true);
    b->setAutoRaise(true);
    b->setIcon(icon);
    b->setText(title);
    b->setIconSize(QSize(24, 24));
    b->setFixedSize(48, 44);
    b->setFocusPolicy(Qt::TabFocus);
    b->setAccessibleName(title);
    const QString keys = shortcut.toString(QKeySequence::NativeText);
    b->setToolTip(keys.isEmpty() ? title : QStringLiteral("%1 (%2)").arg(title, keys));
    m_group->addButton(b);
    m_buttons.append(b);
    m_layout->insertWidget(m_layout->count() - 1, b);
}

void ActivityBar::setCurrent(const QString &id)
{
    if (QToolButton *b = button(id))
        b->setChecked(true);
}

QString ActivityBar::current() const
{
    QAbstractButton *b = m_group->checkedButton();
    return b ? b->property("panelId").toString() : QString();
}

QStringList ActivityBar::panelIds() const
{
    QStringList ids;
    for (QToolButton *b : m_buttons)
        ids << b->property("panelId").toString();
    return ids;
}

QToolButton *ActivityBar::button(const QString &id) const
{
    for (QToolButton *b : m_buttons) {
        if (b->property("panelId").toString() == id)
            return b;
    }
    return nullptr;
}

} // namespace bb::app
