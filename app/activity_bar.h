// bb::app — the vertical strip of panel buttons on the left of the main window.
#pragma once

#include <QKeySequence>
#include <QWidget>

class QButtonGroup;
class QToolButton;
class QVBoxLayout;

namespace bb::app {

/// One checkable icon button per panel; exactly one is checked. Emits panelActivated when the
/// user picks one. The bar paints with palette roles only.
class ActivityBar : public QWidget {
    Q_OBJECT
public:
    explicit ActivityBar(QWidget *parent = nullptr);

    void addPanel(const QString &id, const QString &title, const QIcon &icon,
                  const QKeySequence &shortcut);
    /// Checks the button for `id` without emitting panelActivated.
    void setCurrent(const QString &id);
    QString current() const;
    QStringList panelIds() const;
    QToolButton *button(const QString &id) const;

signals:
    void panelActivated(const QString &id);

private:
    QVBoxLayout *m_layout = nullptr;
    QButtonGroup *m_group = nullptr;
    QList<QToolButton *> m_buttons;
};

} // namespace bb::app
