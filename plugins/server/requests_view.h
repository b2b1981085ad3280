// bb::plugins::server — the live recent-requests table with follow-the-tail scrolling.
#pragma once

#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QTableView;

namespace bb::plugins::server {

class RecentRequestsModel;

/// Follows new rows while the user is at the bottom; scrolling up stops following (the checkbox
/// unticks), scrolling back to the bottom or ticking it resumes.
class RequestsView : public QWidget {
    Q_OBJECT
public:
    explicit RequestsView(RecentRequestsModel *model, QWidget *parent = nullptr);

    /// Hands a request (method, path) to the endpoint tester; set by the panel when the shell
    /// can reach one. `available` says whether the tester is installed right now.
    using OpenInTester = std::function<void(const QString &method, const QString &path)>;
    void setOpenInTester(OpenInTester open, std::function<bool()> available);
    /// Opens the row's request in the tester; false when no tester is set or installed.
    bool openInTester(int row);

    QTableView *table() const { return m_table; }
    bool isFollowing() const;
    void setFollowing(bool follow);

protected:
    /// Rows that arrived while the panel was hidden: land on the newest when it shows.
    void showEvent(QShowEvent *event) override;

private:
    void onRowsInserted();
    void onUserScrolled();
    void updateCount();
    void showMenu(const QPoint &pos);

    RecentRequestsModel *m_model;
    QTableView *m_table = nullptr;
    QCheckBox *m_follow = nullptr;
    QLabel *m_count = nullptr;
    OpenInTester m_openInTester;
    std::function<bool()> m_testerAvailable;
};

} // namespace bb::plugins::server
