// The trace waterfall from a real trace: a request sent with a traceparent to an engine on
// 127.0.0.1 port 0, its trace fetched from /api/admin/traces/{id} as the Endpoints panel does.
#include "engine_fixture.h"

#include "client/http_client.h"
#include "response_view.h"
#include "timing_view.h"
#include "trace_waterfall.h"

#include <QTest>
#include <QTreeView>

using namespace bb;
using namespace bb::plugins::common;

namespace {
client::HttpResponse sendAndWait(client::HttpClient &http, client::HttpRequest request)
{
    client::HttpResponse out;
    bool done = false;
    QObject context;
    http.send(std::move(request), &context, [&](const client::HttpResponse &r) {
        out = r;
        done = true;
    });
    // Bounded: the client's own timeout ends the transfer well before this.
    for (int i = 0; i < 1500 && !done; ++i)
        QTest::qWait(10);
    return out;
}
} // namespace

class TestTraceWaterfall : public QObject {
    Q_OBJECT
private slots:
    void realTraceIsDrawnAsAWaterfall()
    {
        bbtest::EngineFixture fixture;
        if (!fixture.unavailableReason().isEmpty())
            QSKIP(qPrintable(fixture.unavailableReason()));
        engine::Engine engine(fixture.config());
        auto started = engine.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));

        client::HttpClient http;
        const QString traceId = QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736");
        client::HttpRequest req;
        req.url = engine.baseUrl() + QStringLiteral("/api/v1/posts?perPage=3");
        const QByteArray bearer = "Bearer " + engine.issueLocalAdminToken().toUtf8();
        req.headers = {{"traceparent", "00-" + traceId.toLatin1() + "-00f067aa0ba902b7-01"},
                       {"Authorization", bearer}};
        req.timeoutMs = 10000;
        const client::HttpResponse posts = sendAndWait(http, req);
        QVERIFY2(posts.ok(), qPrintable(posts.error));
        QCOMPARE(posts.status, 200);

        client::HttpRequest traceReq;
        traceReq.url = engine.baseUrl() + QStringLiteral("/api/admin/traces/") + traceId;
        traceReq.timeoutMs = 10000;
        traceReq.headers = {{"Authorization", bearer}};
        const client::HttpResponse trace = sendAndWait(http, traceReq);
        QCOMPARE(trace.status, 200);

        // The response and its trace in the response view, as the panel will show them.
        plugins::endpoints::ResponseView view;
        view.resize(1000, 700);
        view.show();
        view.setResponse(posts);
        QVERIFY(view.statusText().startsWith(QStringLiteral("200 OK · HTTP/1.1")));
        QVERIFY(!view.timingView()->phases().isEmpty());
        view.setServerTrace(trace.body);
        TraceWaterfall *w = view.traceWaterfall();
        QVERIFY(w->isShowingTrace());
        QVERIFY2(w->message().contains(QStringLiteral("/api/v1/posts → 200")),
                 qPrintable(w->message()));
        QVERIFY(w->message().contains(traceId));

        const TraceModel *model = w->model();
        const ParsedTrace &t = model->trace();
        QCOMPARE(t.traceId, traceId);
        QVERIFY(t.spans.size() >= 3);
        QCOMPARE(model->rowCount(), 1); // the request span is the one root
        const QModelIndex root = model->index(0, 0);
        QCOMPARE(root.data().toString(), QStringLiteral("request"));
        QVERIFY(model->rowCount(root) >= 2);
        QVERIFY(t.axisMs() > 0);
        // Every span lies within the axis and below its parent.
        int sql = -1;
        for (int i = 0; i < t.spans.size(); ++i) {
            const TraceSpan &s = t.spans[i];
            QVERIFY(s.startMs >= 0);
            QVERIFY(s.startMs + s.durationMs <= t.axisMs() + 1e-9);
            if (s.parent >= 0)
                QCOMPARE(s.depth, t.spans[s.parent].depth + 1);
            // The query of the list (the first statements may be connection PRAGMAs).
            if (s.name == QLatin1String("sql") && s.detail.startsWith(QLatin1String("SELECT")) &&
                sql < 0)
                sql = i;
        }
        QVERIFY2(sql >= 0, "a list of posts runs a SELECT");
        const TraceSpan &s = t.spans[sql];
        QVERIFY(s.detail.contains(QStringLiteral("FROM \"posts\"")));
        QCOMPARE(t.spans[s.parent].name, QStringLiteral("handler"));
        QVERIFY(s.depth >= 1);
        const QModelIndex sqlIndex = model->indexOfSpan(sql);
        QCOMPARE(sqlIndex.data(TraceModel::SpanIndexRole).toInt(), sql);
        QVERIFY(sqlIndex.data(Qt::ToolTipRole).toString().contains(s.detail)); // in full
        QCOMPARE(model->parent(sqlIndex).data(TraceModel::SpanIndexRole).toInt(), s.parent);
        w->selectSpan(sql);
        QCOMPARE(w->view()->currentIndex().data(TraceModel::SpanIndexRole).toInt(), sql);
        QVERIFY(w->detailText().startsWith(QStringLiteral("sql\n")));
        QVERIFY(w->detailText().contains(s.detail));

        // An evicted or unknown trace: the engine's 404 body is not a trace.
        traceReq.url = engine.baseUrl() + QStringLiteral("/api/admin/traces/") +
                       QStringLiteral("0").repeated(32);
        const client::HttpResponse missing = sendAndWait(http, traceReq);
        QCOMPARE(missing.status, 404);
        QVERIFY(!w->setTrace(missing.body));
        QVERIFY(w->message().contains(QStringLiteral("no \"spans\"")));
        QCOMPARE(w->model()->rowCount(), 0);
        engine.stop();
    }

    void malformedTraceSaysWhere()
    {
        ParsedTrace t;
        QString error;
        QVERIFY(!parseTrace("{\"spans\": [", &t, &error));
        QVERIFY2(error.contains(QStringLiteral("at byte")), qPrintable(error));
        // A parent that is not in the trace (the caller's span) makes a root.
        QVERIFY(parseTrace(R"({"traceId":"t","durationMs":2,"spans":[
            {"spanId":"a","parentSpanId":"caller","name":"request","startMs":0,"durationMs":2},
            {"spanId":"b","parentSpanId":"a","name":"sql","startMs":0.5,"durationMs":3,
             "detail":"SELECT 1","error":true}]})",
                           &t, &error));
        QCOMPARE(t.roots, QList<int>({0}));
        QCOMPARE(t.spans[1].parent, 0);
        QVERIFY(t.spans[1].error);
        QCOMPARE(t.axisMs(), 3.5); // a span running past the trace widens the axis
        QCOMPARE(formatMs(0.4242), QStringLiteral("0.42 ms"));
        QCOMPARE(formatMs(1250), QStringLiteral("1.25 s"));
    }
};

QTEST_MAIN(TestTraceWaterfall)
#include "tst_trace_waterfall.moc"
