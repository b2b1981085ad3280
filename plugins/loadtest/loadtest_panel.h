// bb::plugins::loadtest — the panel factory and the "loadTestRequest" action, kept out of the
// plugin module so the GUI tests drive exactly what the plugin registers.
#pragma once

#include "shell/ipanel.h"

#include <QPointer>
#include <QVariantMap>

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::loadtest {

class LoadTestWidget;

inline const QString kLoadTestRequestAction = QStringLiteral("loadTestRequest");

class LoadTestPanel final : public shell::IPanel {
public:
    /// `historyFolder` empty = the app data folder (tests pass a temporary one).
    explicit LoadTestPanel(QString historyFolder = {})
        : m_historyFolder(std::move(historyFolder))
    {}

    QString id() const override { return QStringLiteral("loadtest"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 60; }
    QWidget *createWidget(shell::ShellContext &context) override;

    /// The panel's widget once it has been shown, else null.
    LoadTestWidget *widget() const;
    /// Puts the request in the form (now, or when the widget is created) — the action's body.
    void takeRequest(const QVariantMap &args);

private:
    QString m_historyFolder;
    QPointer<LoadTestWidget> m_widget;
    QVariantMap m_pending;
};

/// Registers "loadTestRequest" (args: method, url, name, headers, body, contentType): fills the
/// panel's target and brings the panel to front with ShellContext::showPanel("loadtest").
void registerLoadTestActions(shell::ShellContext &context, LoadTestPanel &panel);
void unregisterLoadTestActions(shell::ShellContext &context);

} // namespace bb::plugins::loadtest
