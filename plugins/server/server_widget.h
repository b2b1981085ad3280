// bb::plugins::server — the Server panel's widget: controls, live view, requests and routes.
#pragma once

#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;
class QTabWidget;

namespace bb::engine {
class EngineController;
}

namespace bb::plugins::server {

class LiveStatsView;
class RequestsView;
class RoutesView;
class ServerMonitor;
class ServerSettings;
class SettingsForm;

/// Thin by design: it wires ServerSettings and ServerMonitor (where the logic is) to widgets.
/// Polling runs only while the panel is visible.
class ServerWidget : public QWidget {
    Q_OBJECT
public:
    explicit ServerWidget(engine::EngineController *controller, QWidget *parent = nullptr);
    ~ServerWidget() override;

    ServerMonitor *monitor() const { return m_monitor; }
    ServerSettings *settings() const { return m_settings; }
    SettingsForm *settingsForm() const { return m_form; }
    RoutesView *routesView() const { return m_routes; }
    RequestsView *requestsView() const { return m_requests; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *restartButton() const { return m_restart; }
    QPushButton *addressButton() const { return m_address; }
    QLabel *problemLabel() const { return m_problemText; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildHeader();
    QWidget *buildBanner();
    void updateState();
    void copyAddress();
    void runAction(bool (ServerSettings::*action)(QString *));

    engine::EngineController *m_controller;
    ServerSettings *m_settings;
    ServerMonitor *m_monitor;
    SettingsForm *m_form = nullptr;
    LiveStatsView *m_live = nullptr;
    RequestsView *m_requests = nullptr;
    RoutesView *m_routes = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_state = nullptr;
    QPushButton *m_address = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_restart = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_problemTitle = nullptr;
    QLabel *m_problemText = nullptr;
};

} // namespace bb::plugins::server
