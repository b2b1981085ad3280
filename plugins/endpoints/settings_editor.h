// bb::plugins::endpoints — the Settings tab: transport options of one request, or "inherit from
// collection" (the request then keeps no settings of its own).
#pragma once

#include "workspace/request.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace bb::plugins::endpoints {

class SettingsEditor : public QWidget {
    Q_OBJECT
public:
    explicit SettingsEditor(QWidget *parent = nullptr);

    /// nullopt = inherit the collection's settings (shown, read-only, as `inherited`).
    void setSettings(const std::optional<workspace::RequestSettings> &own,
                     const workspace::RequestSettings &inherited = {});
    std::optional<workspace::RequestSettings> settings() const;

signals:
    void edited();

private:
    void show(const workspace::RequestSettings &s);
    workspace::RequestSettings current() const;
    QLineEdit *pathField(const QString &name, const QString &filter);

    QCheckBox *m_inherit = nullptr;
    QWidget *m_form = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_follow = nullptr;
    QSpinBox *m_maxRedirects = nullptr;
    QCheckBox *m_verifyTls = nullptr;
    QLineEdit *m_caBundle = nullptr;
    QLineEdit *m_clientCert = nullptr;
    QLineEdit *m_clientKey = nullptr;
    QLineEdit *m_proxy = nullptr;
    QComboBox *m_httpVersion = nullptr;
    workspace::RequestSettings m_inherited;
    bool m_loading = false;
};

} // namespace bb::plugins::endpoints
