// bb::plugins::endpoints — the History tab beside the tree: every send, newest first, with a
// search field; double-click restores one into a new editor tab.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;

namespace bb::workspace {
class HistoryModel;
class HistoryStore;
} // namespace bb::workspace

namespace bb::plugins::endpoints {

class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(QWidget *parent = nullptr);

    /// The history to show (not owned; null shows nothing).
    void setStore(workspace::HistoryStore *store);
    QListView *list() const { return m_list; }
    QLineEdit *searchField() const { return m_search; }
    workspace::HistoryModel *model() const { return m_model; }

signals:
    /// The HistoryStore index of the entry to restore.
    void restoreRequested(int entryIndex);

private:
    void updateEmpty();

    QLineEdit *m_search = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    workspace::HistoryModel *m_model = nullptr;
};

} // namespace bb::plugins::endpoints
