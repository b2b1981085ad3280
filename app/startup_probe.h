// bb::app — `--startup-probe`: prints the milliseconds from process start to the first exposed
// frame.
#pragma once

#include <QObject>

class QWidget;

namespace bb::app {

/// Milliseconds since this process was started by the kernel (so dynamic loading and static
/// initialisers count too), with a 10 ms resolution; -1 when /proc is unavailable.
qint64 msSinceProcessStart();

/// Watches `window`'s native window; on its first expose event, after that frame is painted,
/// prints the figure on stdout and quits the application with exit code 0.
class StartupProbe : public QObject {
    Q_OBJECT
public:
    explicit StartupProbe(QWidget *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
    bool m_fired = false;
};

} // namespace bb::app
