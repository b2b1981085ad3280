// bb::shell — a panel factory a plugin contributes; the main window owns placement and saved state.
#pragma once

#include <QIcon>
#include <QKeySequence>
#include <QString>

class QWidget;

namespace bb::shell {

class ShellContext;

class IPanel {
public:
    virtual ~IPanel() = default;

    /// Stable id, also the screenshot file name and the saved "last panel" (e.g. "server").
    virtual QString id() const = 0;
    virtual QString title() const = 0;
    /// Built with themedIcon() so it follows the palette; created on demand, after QApplication.
    virtual QIcon icon() const = 0;
    /// Position in the activity bar; lower comes first.
    virtual int order() const = 0;
    /// Empty lets the main window assign Ctrl+<position>.
    virtual QKeySequence shortcut() const { return {}; }
    /// Called once, the first time the panel is shown; the caller takes ownership.
    virtual QWidget *createWidget(ShellContext &context) = 0;
};

} // namespace bb::shell
