// The response view around the body: status line, headers, cookies, timing bars, tests, the
// trace tab's states, and saving the body.
#include "body_viewer.h"
#include "response_view.h"
#include "timing_view.h"
#include "trace_waterfall.h"

#include <QFile>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
using namespace bb::plugins::endpoints;

class TestResponseView : public QObject {
    Q_OBJECT
private slots:
    void setCookieIsParsedIntoItsAttributes()
    {
        const CookieRow c = parseSetCookie(
            "sid=abc123; Path=/api; Domain=.example.com; Expires=Wed, 21 Oct 2026 07:28:00 GMT; "
            "HttpOnly; Secure; SameSite=Lax");
        QVERIFY(c.error.isEmpty());
        QCOMPARE(c.name, QStringLiteral("sid"));
        QCOMPARE(c.value, QStringLiteral("abc123"));
        QCOMPARE(c.domain, QStringLiteral("example.com"));
        QCOMPARE(c.path, QStringLiteral("/api"));
        QCOMPARE(c.expires, QStringLiteral("Wed, 21 Oct 2026 07:28:00 GMT"));
        QVERIFY(c.httpOnly);
        QVERIFY(c.secure);
        QCOMPARE(c.sameSite, QStringLiteral("Lax"));

        const CookieRow quoted = parseSetCookie("theme=\"dark\"; max-age=3600; EXPIRES=x; secure");
        QCOMPARE(quoted.value, QStringLiteral("dark"));
        QCOMPARE(quoted.expires, QStringLiteral("Max-Age 3600 s")); // Max-Age wins
        QVERIFY(quoted.secure);
        QVERIFY(!quoted.httpOnly);
        QVERIFY(quoted.sameSite.isEmpty());

        QVERIFY(parseSetCookie("garbage; Path=/").error.contains(QStringLiteral("No '='")));
        QVERIFY(!parseSetCookie("=value").error.isEmpty());
        QCOMPARE(parseSetCookie("empty=").value, QString());
    }

    void timingPhasesFollowTheCumulativeMarks()
    {
        client::PhaseTimings t;
        t.dnsUs = 1000;
        t.connectUs = 3000;
        t.tlsUs = 8000;
        t.preTransferUs = 8200;
        t.ttfbUs = 20000;
        t.totalUs = 25000;
        const QList<TimingPhase> p = timingPhases(t);
        QCOMPARE(p.size(), 5);
        const QList<QPair<qint64, qint64>> expected{
            {0, 1000}, {1000, 2000}, {3000, 5000}, {8200, 11800}, {20000, 5000}};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(p[i].startUs, expected[i].first);
            QCOMPARE(p[i].durationUs, expected[i].second);
        }
        QCOMPARE(p[3].name, QStringLiteral("Waiting (TTFB)"));

        // Plain http on a reused connection: no DNS, connect or TLS bars.
        client::PhaseTimings reused;
        reused.dnsUs = 0;
        reused.connectUs = 0;
        reused.tlsUs = 0;
        reused.preTransferUs = 100;
        reused.ttfbUs = 900;
        reused.totalUs = 1000;
        const QList<TimingPhase> r = timingPhases(reused);
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].startUs, 100);
        QCOMPARE(r[0].durationUs, 800);
        QCOMPARE(r[1].durationUs, 100);

        // Redirects come first; the final request's phases follow them.
        client::PhaseTimings redirected = t;
        redirected.redirectUs = 500;
        redirected.dnsUs = 1500;
        const QList<TimingPhase> d = timingPhases(redirected);
        QCOMPARE(d[0].name, QStringLiteral("Redirects"));
        QCOMPARE(d[0].durationUs, 500);
        QCOMPARE(d[1].startUs, 500);
        QCOMPARE(d[1].durationUs, 1000);

        // Unmeasured phases are left out rather than drawn from a made-up start.
        QVERIFY(timingPhases(client::PhaseTimings{}).isEmpty());
    }

    void responseIsShownInEveryTab()
    {
        ResponseView view;
        view.resize(1000, 700);
        view.show();
        client::HttpResponse r;
        r.status = 404;
        r.httpVersion = "1.1";
        r.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "abc"}};
        r.cookiesSet = {"sid=1; HttpOnly", "pref=dark; Path=/; SameSite=Strict"};
        r.body = R"({"title":"Not Found","status":404})";
        r.bodySize = r.body.size();
        r.timings.dnsUs = 10;
        r.timings.connectUs = 20;
        r.timings.tlsUs = 0;
        r.timings.preTransferUs = 30;
        r.timings.ttfbUs = 12000;
        r.timings.totalUs = 12345;
        r.redirects = {
            {302, QStringLiteral("http://127.0.0.1/a"), QStringLiteral("http://127.0.0.1/b")}};
        r.effectiveUrl = QStringLiteral("http://127.0.0.1/b");
        view.setResponse(r);

        QCOMPARE(view.statusText(), QStringLiteral("404 Not Found · HTTP/1.1 · 12.3 ms · 34 B"));
        QVERIFY(view.storageText().isEmpty());
        QCOMPARE(view.headersTable()->rowCount(), 2);
        QCOMPARE(view.headersTable()->item(1, 0)->text(), QStringLiteral("X-Request-Id"));
        QCOMPARE(view.tabs()->tabText(ResponseView::HeadersTab), QStringLiteral("Headers (2)"));
        QCOMPARE(view.cookiesTable()->rowCount(), 2);
        QCOMPARE(view.cookiesTable()->item(0, 5)->text(), QStringLiteral("yes")); // HttpOnly
        QCOMPARE(view.cookiesTable()->item(1, 7)->text(), QStringLiteral("Strict"));
        QCOMPARE(view.tabs()->tabText(ResponseView::CookiesTab), QStringLiteral("Cookies (2)"));
        QCOMPARE(view.timingView()->phases().size(), 4); // DNS, connect, waiting, download
        QVERIFY(view.timingView()->notes().contains(QStringLiteral("302  http://127.0.0.1/a")));
        QCOMPARE(view.bodyViewer()->mode(), BodyViewer::Mode::Pretty);

        view.setTests({{QStringLiteral("status is 404"), true, {}},
                       {QStringLiteral("has title"), true, {}},
                       {QStringLiteral("is fast"), false, QStringLiteral("expected < 5 ms")}});
        QCOMPARE(view.tabs()->tabText(ResponseView::TestsTab), QStringLiteral("Tests (2/3)"));
        QCOMPARE(view.testsTable()->item(2, 0)->text(), QStringLiteral("Fail"));
        QCOMPARE(view.testsTable()->item(2, 2)->text(), QStringLiteral("expected < 5 ms"));

        view.setServerTraceUnavailable(QStringLiteral("Not a Backbench engine."));
        QVERIFY(!view.traceWaterfall()->isShowingTrace());
        QCOMPARE(view.traceWaterfall()->message(), QStringLiteral("Not a Backbench engine."));

        // Saving writes the exact bytes through QSaveFile.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("body.json"));
        QSignalSpy saved(&view, &ResponseView::bodySaved);
        view.saveBodyTo(path);
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(saved[0][1].toString(), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), r.body);
        view.saveBodyTo(dir.filePath(QStringLiteral("missing/dir/body.json")));
        QTRY_COMPARE(saved.size(), 2);
        QVERIFY(!saved[1][1].toString().isEmpty());

        // Ctrl+3 opens the Cookies tab.
        view.activateWindow();
        view.tabs()->setFocus();
        QTest::keyClick(view.tabs(), Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(view.tabs()->currentIndex(), int(ResponseView::CookiesTab));

        view.showRunning();
        QCOMPARE(view.statusText(), QStringLiteral("Sending…"));
        QCOMPARE(view.headersTable()->rowCount(), 0);
        QCOMPARE(view.tabs()->tabText(ResponseView::TestsTab), QStringLiteral("Tests"));
    }

    void fileBackedResponseSaysSo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("curl-body"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[1,2,3]");
        f.close();
        client::HttpResponse r;
        r.status = 200;
        r.httpVersion = "2";
        r.headers = {{"content-type", "application/json"}};
        r.bodyFile = std::make_shared<client::BodyFile>(path);
        r.bodySize = 7;
        {
            ResponseView view;
            view.setResponse(r);
            QCOMPARE(view.storageText(), QStringLiteral("Saved to a temporary file"));
            QVERIFY(view.bodyViewer()->source()->isFile());
            view.bodyViewer()->waitForPretty();
            view.bodyViewer()->prettyDocument()->waitForIndexed();
            QCOMPARE(view.bodyViewer()->prettyDocument()->lineCount(), 5);
        }
        r = {}; // the last copy of the response goes: its temporary file with it
        QVERIFY(!QFile::exists(path));
    }

    void errorResponseShowsWhy()
    {
        ResponseView view;
        client::HttpResponse r;
        r.error = QStringLiteral("Couldn't connect to server");
        view.setResponse(r);
        QCOMPARE(view.statusText(), QStringLiteral("No response · Couldn't connect to server"));
    }
};

QTEST_MAIN(TestResponseView)
#include "tst_response_view.moc"
