// bb::plugins::access — "may this user do this?": asks the engine's policy and explains it.
#pragma once

#include <QObject>
#include <QStringList>

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::access {

class AdminApi;
class UserPickerModel;

/// The engine's decision for one question, as `GET /api/admin/authorize` gives it.
struct PolicyAnswer {
    bool valid = false; ///< false until an answer arrived
    bool allowed = false;
    bool ownOnly = false;
    QString reason;
    QStringList matchedRoles;
    QStringList matchedPermissions;
};

/// Holds the question (who, which resource or admin area, which action), asks the server, and
/// hands the endpoint tester a ready request as that user through the shell's "openInTester"
/// action. The answer always comes from the server's own policy, never from a local guess.
class PolicyTester : public QObject {
    Q_OBJECT
public:
    /// `context` may be null (then "open in tester" is unavailable).
    PolicyTester(AdminApi *api, shell::ShellContext *context, QObject *parent = nullptr);

    UserPickerModel *users() const { return m_users; }

    /// 0 = anonymous.
    void setUser(qint64 userId, const QString &label = QString());
    qint64 userId() const { return m_userId; }
    /// A table name, or `admin:<area>` for an admin area (then the action is the area).
    void setTarget(const QString &target);
    void setAction(const QString &action);
    QString target() const { return m_target; }
    QString action() const { return m_action; }
    bool isAdminTarget() const { return m_target.startsWith(QLatin1String("admin:")); }

    /// Asks the server; answered() or failed() follows.
    void evaluate();
    const PolicyAnswer &answer() const { return m_answer; }

    /// Whether "Open in tester as this user" can run, and if not, why (for the tooltip).
    bool canOpenInTester(QString *why = nullptr) const;
    /// Gets a token for the user (none for anonymous) and invokes the tester action with
    /// {method, url, headers, resource, action}.
    void openInTester();

signals:
    void answered(const bb::plugins::access::PolicyAnswer &answer);
    void questionChanged();
    void failed(const QString &message);
    void notice(const QString &message);

private:
    void sendToTester(const QString &token);

    AdminApi *m_api;
    shell::ShellContext *m_context;
    UserPickerModel *m_users;
    qint64 m_userId = 0;
    QString m_userLabel;
    QString m_target;
    QString m_action = QStringLiteral("list");
    PolicyAnswer m_answer;
    quint64 m_generation = 0;
};

} // namespace bb::plugins::access
