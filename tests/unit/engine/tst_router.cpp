#include "engine/router.h"

#include <QTest>

using namespace bb::engine;

class tst_Router : public QObject {
    Q_OBJECT

    Router makeRouter()
    {
        Router r;
        auto h = [](RequestContext &) { return bb::http::Response{}; };
        r.add("GET", "/healthz", "", "meta", h);
        r.add("GET", "/api/v1", "", "meta", h);
        r.add("GET", "/api/v1/{resource}", "", "resources", h);
        r.add("POST", "/api/v1/{resource}", "", "resources", h);
        r.add("GET", "/api/v1/{resource}/{id}", "", "resources", h);
        r.add("DELETE", "/api/v1/{resource}/{id}", "", "resources", h);
        r.add("GET", "/api/admin/traces/{traceId}", "", "admin", h);
        return r;
    }

private slots:
    void match_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("params");
        QTest::newRow("literal") << "GET"
                                 << "/healthz"
                                 << "/healthz"
                                 << "";
        QTest::newRow("index") << "GET"
                               << "/api/v1"
                               << "/api/v1"
                               << "";
        QTest::newRow("collection") << "GET"
                                    << "/api/v1/posts"
                                    << "/api/v1/{resource}"
                                    << "resource=posts";
        QTest::newRow("one") << "GET"
                             << "/api/v1/posts/42"
                             << "/api/v1/{resource}/{id}"
                             << "resource=posts,id=42";
        QTest::newRow("decoded") << "GET"
                                 << "/api/v1/my%20table/a%2Fb"
                                 << "/api/v1/{resource}/{id}"
                                 << "resource=my table,id=a/b";
        QTest::newRow("trailing slash") << "GET"
                                        << "/api/v1/posts/"
                                        << "/api/v1/{resource}"
                                        << "resource=posts";
        QTest::newRow("literal beats param") << "GET"
                                             << "/api/admin/traces/abc"
                                             << "/api/admin/traces/{traceId}"
                                             << "traceId=abc";
    }
    void match()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, pattern);
        QFETCH(QString, params);
        const Router r = makeRouter();
        const RouteMatch m = r.match(method.toStdString(), path.toStdString());
        QVERIFY(m.route);
        QCOMPARE(QString::fromStdString(m.route->pattern), pattern);
        QStringList got;
        for (const auto &[k, v] : m.params)
            got << QString::fromStdString(k + "=" + v);
        QCOMPARE(got.join(','), params);
    }

    void notFoundVersusNotAllowed()
    {
        const Router r = makeRouter();
        auto m = r.match("GET", "/nope");
        QVERIFY(!m.route);
        QVERIFY(!m.pathMatched);
        m = r.match("PUT", "/api/v1/posts/1");
        QVERIFY(!m.route);
        QVERIFY(m.pathMatched);
        QCOMPARE(QString::fromStdString(m.allow), QString("GET, DELETE"));
        m = r.match("GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r");
        QVERIFY(!m.route);
    }

    void query_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("pairs");
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("simple") << "a=1&b=2"
                                << "a:1|b:2";
        QTest::newRow("plus and escapes") << "q=a+b%3D%26c&x"
                                          << "q:a b=&c|x:";
        QTest::newRow("empty parts") << "&&a=1&"
                                     << "a:1";
        QTest::newRow("bad escape kept") << "f=%zz%4"
                                         << "f:%zz%4";
    }
    void query()
    {
        QFETCH(QString, query);
        QFETCH(QString, pairs);
        QStringList got;
        for (const auto &[k, v] : parseQuery(query.toStdString()))
            got << QString::fromStdString(k + ":" + v);
        QCOMPARE(got.join('|'), pairs);
    }
};

QTEST_GUILESS_MAIN(tst_Router)
#include "tst_router.moc"
