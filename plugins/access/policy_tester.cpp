#include "policy_tester.h"

#include "admin_api.h"
#include "tester_link.h"
#include "user_picker_model.h"

namespace bb::plugins::access {

namespace {
QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}
} // namespace

PolicyTester::PolicyTester(AdminApi *api, shell::ShellContext *context, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_context(context)
    , m_users(new UserPickerModel(api, this))
{}

void PolicyTester::setUser(qint64 userId, const QString &label)
{
    m_userId = qMax<qint64>(0, userId);
    m_userLabel = label;
    m_answer = {};
    emit questionChanged();
}

void PolicyTester::setTarget(const QString &target)
{
    m_target = target;
    m_answer = {};
    emit questionChanged();
}

void PolicyTester::setAction(const QString &action)
{
    m_action = action;
    m_answer = {};
    emit questionChanged();
}

void PolicyTester::evaluate()
{
    if (!m_api || m_target.isEmpty())
        return;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("user"), m_userId > 0 ? QString::number(m_userId) : QString());
    if (isAdminTarget()) {
        q.addQueryItem(QStringLiteral("resource"), QStringLiteral("admin"));
        q.addQueryItem(QStringLiteral("action"), m_target.mid(6));
    } else {
        q.addQueryItem(QStringLiteral("resource"), m_target);
        q.addQueryItem(QStringLiteral("action"), m_action);
    }
    // A slower answer to an older question must not overwrite the newer one.
    const quint64 gen = ++m_generation;
    m_api->get(QStringLiteral("/api/admin/authorize"), q, this, [this, gen](const ApiResponse &r) {
        if (gen != m_generation)
            return;
        if (!r.ok()) {
            emit failed(tr("The policy could not be asked: %1").arg(r.error));
            return;
        }
        const QJsonObject o = r.object();
        PolicyAnswer a;
        a.valid = true;
        a.allowed = o.value(QLatin1String("allowed")).toBool();
        a.ownOnly = o.value(QLatin1String("ownOnly")).toBool();
        a.reason = o.value(QLatin1String("reason")).toString();
        a.matchedRoles = strings(o.value(QLatin1String("matchedRoles")));
        a.matchedPermissions = strings(o.value(QLatin1String("matchedPermissions")));
        m_answer = a;
        emit answered(m_answer);
    });
}

bool PolicyTester::canOpenInTester(QString *why) const
{
    QString reason = testerUnavailableReason(m_context);
    if (reason.isEmpty() && (m_target.isEmpty() || isAdminTarget()))
        reason = tr("Pick a resource: the tester sends requests to /api/v1/<resource>");
    if (why)
        *why = reason;
    return reason.isEmpty();
}

void PolicyTester::openInTester()
{
    QString why;
    if (!canOpenInTester(&why)) {
        emit failed(why);
        return;
    }
    if (m_userId <= 0) {
        sendToTester(QString()); // anonymous: exactly a request without credentials
        return;
    }
    const qint64 id = m_userId;
    m_api->post(QStringLiteral("/api/admin/users/%1/impersonate").arg(id), QJsonObject(), this,
                [this, id](const ApiResponse &r) {
                    if (!r.ok()) {
                        emit failed(tr("Could not get a token for the user: %1").arg(r.error));
                        return;
                    }
                    if (id != m_userId)
                        return; // the user changed while we waited
                    sendToTester(r.object().value(QLatin1String("accessToken")).toString());
                });
}

void PolicyTester::sendToTester(const QString &token)
{
    QString why;
    const QUrl url = joinUrl(m_api->baseUrl(), QStringLiteral("/api/v1/") + m_target);
    if (!access::openInTester(
            m_context, QStringLiteral("GET"), url, token,
            {{QStringLiteral("resource"), m_target}, {QStringLiteral("action"), m_action}}, &why)) {
        emit failed(why);
        return;
    }
    emit notice(m_userId > 0 ? tr("Opened in the endpoint tester as %1.").arg(m_userLabel)
                             : tr("Opened in the endpoint tester without credentials."));
}

} // namespace bb::plugins::access
