// bb::plugins::server — the live recent-requests table with follow-the-tail scrolling.
#pragma once

#include <QWidget>

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

    RecentRequestsModel *m_model;
    QTableView *m_table = nullptr;
    QCheckBox *m_follow = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace bb::plugins::server
