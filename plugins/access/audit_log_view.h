// bb::plugins::access — the Audit log tab: filters and the live, newest-first table.
#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace bb::plugins::access {

class AuditLogModel;

class AuditLogView : public QWidget {
    Q_OBJECT
public:
    explicit AuditLogView(AuditLogModel *model, QWidget *parent = nullptr);

    QLineEdit *actorField() const { return m_actor; }
    QComboBox *actionCombo() const { return m_action; }
    QCheckBox *sinceBox() const { return m_useSince; }
    QDateTimeEdit *sinceEdit() const { return m_since; }
    QCheckBox *untilBox() const { return m_useUntil; }
    QDateTimeEdit *untilEdit() const { return m_until; }
    QTableView *table() const { return m_table; }
    QPushButton *moreButton() const { return m_more; }
    QLabel *summaryLabel() const { return m_summary; }

    /// Sends the filter now (the actor field is otherwise debounced).
    void applyFilter();

private:
    void updateSummary();

    AuditLogModel *m_model;
    QLineEdit *m_actor = nullptr;
    QComboBox *m_action = nullptr;
    QCheckBox *m_useSince = nullptr;
    QDateTimeEdit *m_since = nullptr;
    QCheckBox *m_useUntil = nullptr;
    QDateTimeEdit *m_until = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_more = nullptr;
    QLabel *m_summary = nullptr;
    QTimer m_debounce;
};

} // namespace bb::plugins::access
