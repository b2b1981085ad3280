// bb::plugins::endpoints — the Auth tab: a kind picker and a form per kind (basic, bearer, API
// key, digest, AWS SigV4, OAuth 2.0), editing a workspace::Auth.
#pragma once

#include "workspace/request.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace bb::plugins::endpoints {

class AuthEditor : public QWidget {
    Q_OBJECT
public:
    explicit AuthEditor(QWidget *parent = nullptr);

    void setAuth(const workspace::Auth &auth);
    workspace::Auth auth() const;

    /// Shows the OAuth 2.0 "Get token" button; it emits tokenRequested(). Hidden while no token
    /// source is installed.
    void setTokenSourceAvailable(bool available);
    /// Puts a fetched OAuth 2.0 access token into the form.
    void setOAuth2Token(const QString &token);

signals:
    void edited();
    void tokenRequested(const bb::workspace::Auth &auth);

private:
    QLineEdit *field(const QString &name, bool secret = false);

    QComboBox *m_kind = nullptr;
    QStackedWidget *m_pages = nullptr;
    QHash<QString, QLineEdit *> m_fields;
    QComboBox *m_keyIn = nullptr;
    QComboBox *m_grant = nullptr;
    QCheckBox *m_pkce = nullptr;
    QPushButton *m_getToken = nullptr;
    bool m_loading = false;
};

} // namespace bb::plugins::endpoints
