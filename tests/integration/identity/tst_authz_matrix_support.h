// tst_AuthzMatrix: the authorization matrix suite's class, its callers, cells and plumbing.
// The expectations are in tst_authz_matrix_table.h, the request targets in
// tst_authz_matrix_targets.cpp, setting up, running and the checks in tst_authz_matrix.cpp.
#pragma once

#include "identity_support.h"
#include "tst_authz_matrix_table.h"

#include <QJsonArray>
#include <QTest>
#include <QUrl>

#include <functional>

using namespace bbtest;

namespace authz_matrix {

const char *const kPassword = "matrix-password-1";
const char *const kMissingId = "999999999";

struct Account {
    qint64 id = 0;
    QString email;
    QByteArray accessToken;
};

struct Caller {
    QString name;
    Column column;
    Headers headers;
    const Account *account = nullptr; ///< whose fresh session a logout cell ends
};

/// One request of the matrix, ready to send.
struct Prepared {
    QByteArray path;
    QByteArray body;
    bool freshSession = false; ///< send a fresh session of the caller's account instead
    QByteArray marker;         ///< row text a refusal must not show
    QByteArray snapshotPath;   ///< read as the setup admin before and after the cell
    QString idText;            ///< the id in the path (to compare someone else's row with none)
    QString error;             ///< setting up the target failed
};

struct Cell {
    QString route; ///< "GET /api/v1/posts/{id}"
    QString table;
    QString target;
    QString caller;
    Column column = NoCreds;
    int expected = 0;
    int actual = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray wwwAuthenticate;
    QByteArray marker;
    QString idText;
    bool snapshotTaken = false;
    bool snapshotChanged = false;
    QString error;

    QString describe() const
    {
        return QStringLiteral("%1%2 as %3: expected %4, got %5%6")
            .arg(route, target.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(target), caller)
            .arg(expected)
            .arg(actual)
            .arg(error.isEmpty() ? QStringLiteral(" — ") + QString::fromUtf8(body.left(160))
                                 : QStringLiteral(" — setup failed: ") + error);
    }
};

inline QString report(const QString &title, const QStringList &lines)
{
    return QStringLiteral("%1 (%2):\n  ").arg(title).arg(lines.size()) +
           lines.join(QStringLiteral("\n  "));
}

} // namespace authz_matrix

using namespace authz_matrix;

class tst_AuthzMatrix : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<IdentityFixture> m_fx;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;
    QByteArray m_setupToken; ///< the app's own admin, for preparing targets
    int m_seq = 0;
    QStringList m_setupErrors;

    Account m_viewer, m_editor, m_owner, m_admin, m_disabled, m_loginUser, m_sharedUser;
    QByteArray m_editorKey;
    qint64 m_demoUserId = 0; ///< owns the "other" rows
    qint64 m_sharedRoleId = 0;
    QHash<QString, bool> m_hasOwnerId;                           ///< per table
    const QStringList m_ownGranted{"posts", "comments", "tags"}; ///< the owner role's tables
    QList<Caller> m_callers;

    QList<Cell> m_cells;
    bool m_ran = false;
    QStringList m_uncovered;

    // ---- plumbing ----

    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                    const Headers &headers)
    {
        return request(m_port, method, path, body, headers);
    }

    HttpResult setup(const QByteArray &method, const QByteArray &path, const QJsonObject &body = {})
    {
        return call(method, path, body.isEmpty() ? QByteArray() : json(body), bearer(m_setupToken));
    }

    QString unique(const char *prefix)
    {
        return QStringLiteral("%1-%2").arg(prefix).arg(++m_seq, 6, 10, QLatin1Char('0'));
    }

    /// Creates a user through the admin API; 0 (and an error) on failure.
    qint64 createUser(const QString &email, const QStringList &roles, QString *error = nullptr)
    {
        const auto r = setup("POST", "/api/admin/users",
                             {{"email", email},
                              {"password", kPassword},
                              {"roles", QJsonArray::fromStringList(roles)}});
        if (r.status != 201) {
            if (error)
                *error = QStringLiteral("create user %1: %2 %3")
                             .arg(email)
                             .arg(r.status)
                             .arg(QString::fromUtf8(r.body));
            return 0;
        }
        return qint64(r.json()["id"].toDouble());
    }

    QJsonObject login(const QString &email, QString *error = nullptr)
    {
        const auto r = call("POST", "/api/v1/auth/login",
                            json({{"email", email}, {"password", kPassword}}), {});
        if (r.status != 200 && error)
            *error = QStringLiteral("login %1: %2 %3")
                         .arg(email)
                         .arg(r.status)
                         .arg(QString::fromUtf8(r.body));
        return r.json();
    }

    Account account(const QStringList &roles)
    {
        Account a;
        a.email = unique("matrix-user") + QStringLiteral("@example.com");
        QString error;
        a.id = createUser(a.email, roles, &error);
        if (a.id)
            a.accessToken = login(a.email, &error)["accessToken"].toString().toLatin1();
        if (!error.isEmpty())
            m_setupErrors << error;
        return a;
    }

    // ---- resource targets ----
    static QString markerColumn(const QString &table);
    QJsonObject rowBody(const QString &table, const QString &marker, QString &error);
    static QByteArray markerText(const QString &table, const QJsonObject &body);
    QByteArray markerFilterPath(const QString &table, const QJsonObject &body);
    Prepared freshRow(const QString &table, qint64 ownerId);
    Prepared prepareResource(const QString &table, const ResourceRow &row);

    // ---- admin, auth and meta targets ----
    qint64 freshUser(Prepared &p);
    qint64 freshRole(Prepared &p);
    std::optional<Prepared> prepareRoute(const QString &method, const QString &pattern,
                                         bool missing);

    // ---- running ----
    QByteArray snapshot(const QByteArray &path);
    void runCell(Cell cell, const QString &method, const Caller &caller, const Prepared &p);
    void runMatrix();
    const Cell *find(const QString &route, const QString &target, const QString &caller) const;

private slots:
    void initTestCase();
    void cleanupTestCase();
    void callersAreWhatTheyClaim();
    void everyRouteHasAnExpectation();
    void statusMatrix();
    void refusalsCarryWwwAuthenticate();
    void deniedResponsesShowNoRowData();
    void denialForExistingRowEqualsDenialForMissingRow();
    void ownCallerSeesOthersRowsAsMissing();
    void refusedRequestsChangeNothing();
};
