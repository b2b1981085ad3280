// bb::plugins::access — the Policy tester tab: who, what, and the engine's verdict with reasons.
#pragma once

#include <QWidget>

class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;

namespace bb::plugins::access {

class PermissionMatrixModel;
class PolicyTester;
struct PolicyAnswer;

class PolicyTesterView : public QWidget {
    Q_OBJECT
public:
    /// The resources and admin areas come from the matrix model's catalogue.
    PolicyTesterView(PolicyTester *tester, PermissionMatrixModel *catalogue,
                     QWidget *parent = nullptr);

    QLineEdit *userSearch() const { return m_search; }
    QComboBox *userCombo() const { return m_user; }
    QComboBox *targetCombo() const { return m_target; }
    QComboBox *actionCombo() const { return m_action; }
    QPushButton *checkButton() const { return m_check; }
    QPushButton *testerButton() const { return m_open; }
    QLabel *verdictLabel() const { return m_verdict; }
    QLabel *reasonLabel() const { return m_reason; }
    QLabel *rolesLabel() const { return m_roles; }
    QLabel *permissionsLabel() const { return m_permissions; }

    /// Re-checks whether the endpoint tester exists (it may load after this panel).
    void refreshTesterButton();

private:
    void fillTargets();
    void pushQuestion();
    void showAnswer(const PolicyAnswer &answer);

    PolicyTester *m_tester;
    PermissionMatrixModel *m_catalogue;
    QLineEdit *m_search = nullptr;
    QComboBox *m_user = nullptr;
    QComboBox *m_target = nullptr;
    QComboBox *m_action = nullptr;
    QPushButton *m_check = nullptr;
    QPushButton *m_open = nullptr;
    QLabel *m_openHint = nullptr;
    QFrame *m_result = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_own = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_roles = nullptr;
    QLabel *m_permissions = nullptr;
};

} // namespace bb::plugins::access
