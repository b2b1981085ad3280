// The authorization matrix: every route engine.routes() lists (resource routes once per demo
// table) × every kind of caller, each cell checked against the status the contract gives it
// (docs/engine-api.md "Identity" and "Permissions"). The expectations are the tables in
// tst_authz_matrix_table.h, written from the contract; they are not derived from the engine's
// policy code.
#include "tst_authz_matrix_support.h"

QByteArray tst_AuthzMatrix::snapshot(const QByteArray &path)
{
    // A query the handler ignores keeps the response cache from answering.
    const QByteArray sep = path.contains('?') ? "&" : "?";
    const auto r = setup("GET", path + sep + "matrixRead=" + QByteArray::number(++m_seq));
    return QByteArray::number(r.status) + ' ' + r.body;
}

void tst_AuthzMatrix::runCell(Cell cell, const QString &method, const Caller &caller,
                              const Prepared &p)
{
    cell.caller = caller.name;
    cell.column = caller.column;
    cell.marker = p.marker;
    cell.idText = p.idText;
    cell.error = p.error;
    if (!p.error.isEmpty()) {
        m_cells << cell;
        return;
    }
    Headers headers = caller.headers;
    if (p.freshSession && caller.account) {
        QString error;
        const QByteArray token =
            login(caller.account->email, &error)["accessToken"].toString().toLatin1();
        headers = bearer(token);
        cell.error = error;
    }
    QByteArray before;
    if (!p.snapshotPath.isEmpty())
        before = snapshot(p.snapshotPath);
    const auto r = call(method.toLatin1(), p.path, p.body, headers);
    cell.actual = r.status;
    cell.body = r.body;
    cell.contentType = r.header("content-type");
    cell.wwwAuthenticate = r.header("www-authenticate");
    if (!p.snapshotPath.isEmpty()) {
        cell.snapshotTaken = true;
        cell.snapshotChanged = snapshot(p.snapshotPath) != before;
    }
    m_cells << cell;
}

void tst_AuthzMatrix::runMatrix()
{
    if (m_ran)
        return;
    m_ran = true;
    const auto routes = m_engine->routes();
    for (const bb::engine::RouteInfo &route : routes) {
        const QString name = route.method + QLatin1Char(' ') + route.pattern;
        if (!route.resource.isEmpty()) {
            const QString table = route.resource;
            const bool one = route.pattern.endsWith(QLatin1String("/{id}"));
            const int ownIndex = !m_ownGranted.contains(table) ? 2
                                 : m_hasOwnerId.value(table)   ? 0
                                                               : 1;
            bool covered = false;
            for (const ResourceRow &row : kResourceRows) {
                if (QLatin1String(row.method) != route.method || row.one != one)
                    continue;
                covered = true;
                const int own = ownIndex == 0   ? row.ownOwned
                                : ownIndex == 1 ? row.ownNoOwner
                                                : row.ownNone;
                if (QLatin1String(row.target) == QLatin1String("own") && !m_hasOwnerId.value(table))
                    continue; // no owners in this table
                const RouteRow expect{row.method, "",  row.noCreds, row.viewer,
                                      row.editor, own, row.admin};
                for (const Caller &caller : m_callers) {
                    Cell cell;
                    cell.route = name;
                    cell.table = table;
                    cell.target = QLatin1String(row.target);
                    cell.expected = expectedFor(expect, caller.column);
                    runCell(cell, route.method, caller, prepareResource(table, row));
                }
            }
            if (!covered)
                m_uncovered << name;
            continue;
        }
        const RouteRow *expect = nullptr;
        for (const RouteRow &row : kRouteRows)
            if (QLatin1String(row.method) == route.method &&
                QLatin1String(row.pattern) == route.pattern)
                expect = &row;
        if (!expect) {
            m_uncovered << name;
            continue;
        }
        for (const bool missing : {false, true}) {
            if (missing && !(route.pattern.startsWith(QLatin1String("/api/admin/")) &&
                             route.pattern.contains(QLatin1String("{id}"))))
                continue;
            const RouteRow &row = missing ? kAdminMissingId : *expect;
            for (const Caller &caller : m_callers) {
                const auto prepared = prepareRoute(route.method, route.pattern, missing);
                if (!prepared) {
                    m_uncovered << name + QStringLiteral(" (no request known)");
                    break;
                }
                Cell cell;
                cell.route = name;
                cell.target = missing ? QStringLiteral("missing") : QString();
                cell.expected = expectedFor(row, caller.column);
                runCell(cell, route.method, caller, *prepared);
            }
        }
    }
    qInfo("authorization matrix: %d routes, %d callers, %d cells", int(routes.size()),
          int(m_callers.size()), int(m_cells.size()));
    // BB_MATRIX_DUMP=1 prints every cell, for reading the matrix rather than its failures.
    if (qEnvironmentVariableIntValue("BB_MATRIX_DUMP"))
        for (const Cell &c : m_cells)
            qInfo("%s", qPrintable(c.describe().left(200)));
}

const Cell *tst_AuthzMatrix::find(const QString &route, const QString &target,
                                  const QString &caller) const
{
    for (const Cell &c : m_cells)
        if (c.route == route && c.target == target && c.caller == caller)
            return &c;
    return nullptr;
}

void tst_AuthzMatrix::initTestCase()
{
    qputenv("BACKBENCH_JWT_SECRET", kJwtSecretHex);
    qunsetenv("BACKBENCH_ADMIN_EMAIL");
    qunsetenv("BACKBENCH_ADMIN_PASSWORD");
    m_fx = std::make_unique<IdentityFixture>();
    if (!m_fx->unavailableReason().isEmpty())
        QSKIP(qPrintable(m_fx->unavailableReason()));
    m_engine = std::make_unique<bb::engine::Engine>(m_fx->config());
    auto port = m_engine->start();
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    m_port = *port;
    m_setupToken = m_engine->issueLocalAdminToken().toLatin1();
    QVERIFY(!m_setupToken.isEmpty());

    // Which tables have owner_id, from the schema.
    const auto schema = setup("GET", "/api/admin/schema");
    QCOMPARE(schema.status, 200);
    for (const QJsonValue &v : schema.json()["tables"].toArray()) {
        const QJsonObject t = v.toObject();
        bool owner = false;
        for (const QJsonValue &c : t["columns"].toArray())
            owner = owner || c.toObject()["name"].toString() == QLatin1String("owner_id");
        m_hasOwnerId.insert(t["name"].toString(), owner);
    }
    QVERIFY2(m_hasOwnerId.value("posts") && m_hasOwnerId.value("comments"),
             "the demo posts and comments tables have owner_id");
    QVERIFY2(m_hasOwnerId.contains("tags") && !m_hasOwnerId.value("tags"),
             "the demo tags table has no owner_id");

    const auto role =
        setup("POST", "/api/admin/roles",
              {{"name", "owner"},
               {"description", "own rows only"},
               {"permissions", QJsonArray{"posts:*:own", "comments:*:own", "tags:*:own"}}});
    QVERIFY2(role.status == 201, role.body.constData());
    const auto shared = setup("POST", "/api/admin/roles",
                              {{"name", "shared"},
                               {"description", "read by the matrix"},
                               {"permissions", QJsonArray{"tags:list"}}});
    QCOMPARE(shared.status, 201);
    m_sharedRoleId = shared.json()["id"].toInteger();

    m_viewer = account({"viewer"});
    m_editor = account({"editor"});
    m_owner = account({"owner"});
    m_admin = account({"admin"});
    m_disabled = account({"editor"});
    m_loginUser = account({"viewer"});
    m_sharedUser = account({"viewer"});
    QVERIFY2(m_setupErrors.isEmpty(), qPrintable(m_setupErrors.join('\n')));
    // Disabled after its token was issued.
    QCOMPARE(setup("PATCH", "/api/admin/users/" + QByteArray::number(m_disabled.id),
                   {{"disabled", true}})
                 .status,
             200);
    const auto key =
        setup("POST", "/api/admin/users/" + QByteArray::number(m_editor.id) + "/api-keys",
              {{"name", "matrix"}});
    QCOMPARE(key.status, 201);
    m_editorKey = key.json()["key"].toString().toLatin1();
    const auto demo = setup("GET", "/api/admin/users?q=demo.alice");
    QCOMPARE(demo.json()["totalItems"].toInt(), 1);
    m_demoUserId = demo.json()["items"].toArray()[0].toObject()["id"].toInteger();

    // Refused tokens, all built from the real admin's token or claims.
    const bb::identity::Claims adminClaims = claimsOf(m_admin.accessToken);
    QVERIFY(!adminClaims.sub.isEmpty());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    bb::identity::Claims expired = adminClaims;
    expired.iat = now - 7200;
    expired.exp = now - 3600;
    const QByteArray expiredToken = bb::identity::sign(expired, jwtKey());
    bb::identity::Claims fresh = adminClaims;
    fresh.iat = now;
    fresh.exp = now + 600;
    const QByteArray foreignToken = bb::identity::sign(
        fresh,
        QByteArray::fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
    QList<QByteArray> parts = m_admin.accessToken.split('.');
    QCOMPARE(parts.size(), 3);
    QByteArray payload = parts[1];
    const int at = payload.size() / 2;
    payload[at] = payload[at] == 'A' ? 'B' : 'A';
    const QByteArray tampered = parts[0] + '.' + payload + '.' + parts[2];
    const QByteArray noneHeader = b64url(R"({"alg":"none","typ":"JWT"})");
    const QByteArray algNone = noneHeader + '.' + parts[1] + '.' + parts[2];
    const QByteArray algNoneUnsigned = noneHeader + '.' + parts[1] + '.';

    m_callers = {
        {"anonymous", NoCreds, {}, nullptr},
        {"viewer", Viewer, bearer(m_viewer.accessToken), &m_viewer},
        {"editor", Editor, bearer(m_editor.accessToken), &m_editor},
        {"editor (API key)", Editor, {{"X-API-Key", m_editorKey}}, nullptr},
        {"owner (:own)", Own, bearer(m_owner.accessToken), &m_owner},
        {"admin", Admin, bearer(m_admin.accessToken), &m_admin},
        {"disabled", NoCreds, bearer(m_disabled.accessToken), nullptr},
        {"expired", NoCreds, bearer(expiredToken), nullptr},
        {"tampered", NoCreds, bearer(tampered), nullptr},
        {"alg none", NoCreds, bearer(algNone), nullptr},
        {"alg none, unsigned", NoCreds, bearer(algNoneUnsigned), nullptr},
        {"foreign key", NoCreds, bearer(foreignToken), nullptr},
        {"Basic scheme",
         NoCreds,
         {{"Authorization", "Basic " + m_admin.email.toUtf8().toBase64()}},
         nullptr},
    };
}

void tst_AuthzMatrix::cleanupTestCase()
{
    if (m_engine)
        m_engine->stop();
    m_engine.reset();
    m_fx.reset();
    qunsetenv("BACKBENCH_JWT_SECRET");
}

/// The callers are what they claim to be before the matrix relies on them.
void tst_AuthzMatrix::callersAreWhatTheyClaim()
{
    for (const Caller &c : m_callers) {
        const auto r = call("GET", "/api/v1/auth/me", {}, c.headers);
        const int expected = c.column == NoCreds ? 401 : 200;
        QVERIFY2(r.status == expected, qPrintable(QStringLiteral("%1: /auth/me gave %2 %3")
                                                      .arg(c.name)
                                                      .arg(r.status)
                                                      .arg(QString::fromUtf8(r.body))));
        if (expected == 401)
            QVERIFY2(r.header("www-authenticate").startsWith("Bearer"), qPrintable(c.name));
    }
}

void tst_AuthzMatrix::everyRouteHasAnExpectation()
{
    runMatrix();
    QVERIFY2(m_uncovered.isEmpty(),
             qPrintable(report("routes without an expectation or a request", m_uncovered)));
    // Every demo table was enumerated with all six resource routes.
    for (const char *table : {"posts", "comments", "tags", "authors", "post_tags"}) {
        int routes = 0;
        for (const auto &r : m_engine->routes())
            routes += r.resource == QLatin1String(table);
        QVERIFY2(routes == 6, table);
    }
}

void tst_AuthzMatrix::statusMatrix()
{
    runMatrix();
    QVERIFY(m_cells.size() > 1000);
    QStringList bad;
    for (const Cell &c : m_cells)
        if (!c.error.isEmpty() || c.actual != c.expected)
            bad << c.describe();
    QVERIFY2(bad.isEmpty(),
             qPrintable(
                 report(QStringLiteral("cells off the contract, of %1").arg(m_cells.size()), bad)));
}

void tst_AuthzMatrix::refusalsCarryWwwAuthenticate()
{
    runMatrix();
    QStringList bad;
    for (const Cell &c : m_cells)
        if (c.actual == 401 && c.expected == 401 && !c.wwwAuthenticate.startsWith("Bearer"))
            bad << c.describe();
    QVERIFY2(bad.isEmpty(), qPrintable(report("401s without WWW-Authenticate: Bearer", bad)));
}

void tst_AuthzMatrix::deniedResponsesShowNoRowData()
{
    runMatrix();
    QStringList bad;
    for (const Cell &c : m_cells)
        if (c.actual >= 400 && !c.marker.isEmpty() && c.body.contains(c.marker))
            bad << c.describe();
    QVERIFY2(bad.isEmpty(), qPrintable(report("refusals that show the row", bad)));
}

/// A denial never says whether the row exists: the refusal for an existing row is the
/// refusal for a missing one, byte for byte.
void tst_AuthzMatrix::denialForExistingRowEqualsDenialForMissingRow()
{
    runMatrix();
    QStringList bad;
    int compared = 0;
    for (const Cell &c : m_cells) {
        if (c.target != QLatin1String("other") || c.actual != c.expected ||
            (c.expected != 401 && c.expected != 403))
            continue;
        const Cell *missing = find(c.route, QStringLiteral("missing"), c.caller);
        if (!missing || missing->actual != missing->expected)
            continue;
        ++compared;
        if (missing->actual != c.actual || missing->body != c.body ||
            missing->contentType != c.contentType)
            bad << QStringLiteral("%1 as %2: existing row gave %3 %4, missing row %5 %6")
                       .arg(c.route, c.caller)
                       .arg(c.actual)
                       .arg(QString::fromUtf8(c.body))
                       .arg(missing->actual)
                       .arg(QString::fromUtf8(missing->body));
    }
    QVERIFY(compared > 100);
    QVERIFY2(bad.isEmpty(), qPrintable(report("denials that differ for a missing row", bad)));
    // The same for the admin routes with {id}: existing and missing targets, refused alike.
    QStringList adminBad;
    for (const Cell &c : m_cells) {
        if (!c.route.contains(QLatin1String(" /api/admin/")) || !c.target.isEmpty() ||
            !c.route.contains(QLatin1String("{id}")) || (c.actual != 401 && c.actual != 403))
            continue;
        const Cell *missing = find(c.route, QStringLiteral("missing"), c.caller);
        if (missing && (missing->actual != c.actual || missing->body != c.body))
            adminBad << QStringLiteral("%1 as %2: %3 vs %4")
                            .arg(c.route, c.caller, QString::fromUtf8(c.body),
                                 QString::fromUtf8(missing->body));
    }
    QVERIFY2(adminBad.isEmpty(),
             qPrintable(report("admin denials that differ for a missing id", adminBad)));
}

/// For an `:own` caller someone else's row is indistinguishable from no row: the same
/// status and the same bytes, but for the id itself.
void tst_AuthzMatrix::ownCallerSeesOthersRowsAsMissing()
{
    runMatrix();
    QStringList bad;
    int compared = 0;
    for (const Cell &c : m_cells) {
        if (c.column != Own || c.target != QLatin1String("other") || !m_hasOwnerId.value(c.table))
            continue;
        const Cell *missing = find(c.route, QStringLiteral("missing"), c.caller);
        if (!missing)
            continue;
        ++compared;
        QByteArray mine = c.body;
        QByteArray none = missing->body;
        mine.replace(c.idText.toLatin1(), "{id}");
        none.replace(QByteArray(kMissingId), "{id}");
        if (c.actual != missing->actual || mine != none || c.contentType != missing->contentType)
            bad << QStringLiteral("%1: someone else's row %2 %3 / missing row %4 %5")
                       .arg(c.route)
                       .arg(c.actual)
                       .arg(QString::fromUtf8(c.body))
                       .arg(missing->actual)
                       .arg(QString::fromUtf8(missing->body));
    }
    QCOMPARE(compared, 8); // GET, PUT, PATCH, DELETE × posts, comments
    QVERIFY2(bad.isEmpty(), qPrintable(report(":own answers that tell rows apart", bad)));
}

/// A refused request changes nothing: the target reads the same before and after.
void tst_AuthzMatrix::refusedRequestsChangeNothing()
{
    runMatrix();
    QStringList bad;
    int checked = 0;
    for (const Cell &c : m_cells) {
        if (!c.snapshotTaken || c.actual < 400)
            continue;
        ++checked;
        if (c.snapshotChanged)
            bad << c.describe();
    }
    QVERIFY(checked > 300);
    QVERIFY2(bad.isEmpty(), qPrintable(report("refused requests that changed their target", bad)));
}

QTEST_GUILESS_MAIN(tst_AuthzMatrix)
