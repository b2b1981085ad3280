// bb::plugins::server — the form for port, bind address, data folder, database URL, threads and
// log retention.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace bb::plugins::server {

class ServerSettings;

/// A thin view over ServerSettings: every edit goes straight to it, and the form shows its
/// validation error and whether a restart is needed.
class SettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit SettingsForm(ServerSettings *settings, QWidget *parent = nullptr);

    QSpinBox *portBox() const { return m_port; }
    QLineEdit *bindEdit() const { return m_bind; }
    QLineEdit *dataDirEdit() const { return m_dataDir; }
    QLineEdit *dbUrlEdit() const { return m_dbUrl; }
    QSpinBox *threadsBox() const { return m_threads; }
    QSpinBox *logRingBox() const { return m_logRing; }
    QSpinBox *logFileBox() const { return m_logFile; }

private:
    void load();
    void commit();
    void browseDataDir();
    void updateNotice();

    ServerSettings *m_settings;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_bind = nullptr;
    QLineEdit *m_dataDir = nullptr;
    QToolButton *m_browse = nullptr;
    QLineEdit *m_dbUrl = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_logRing = nullptr;
    QSpinBox *m_logFile = nullptr;
    QLabel *m_notice = nullptr;
    bool m_loading = false;
};

} // namespace bb::plugins::server
