// bb::plugins::endpoints — the workspace's cookie jar: see what the servers set, add one by
// hand, remove one or all.
#pragma once

#include <QDialog>

class QTreeWidget;

namespace bb::client {
class CookieJar;
}

namespace bb::plugins::endpoints {

class CookieDialog : public QDialog {
    Q_OBJECT
public:
    CookieDialog(client::CookieJar &jar, QWidget *parent = nullptr);
    QTreeWidget *list() const { return m_list; }
    void reload();

private:
    void addCookie();
    void removeSelected();

    client::CookieJar &m_jar;
    QTreeWidget *m_list = nullptr;
};

} // namespace bb::plugins::endpoints
