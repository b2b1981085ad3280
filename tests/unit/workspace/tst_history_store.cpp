// HistoryStore: entries survive a reload exactly, the bound holds on disk and in memory, a
// crash mid-append costs one entry only, search finds by method/URL/name/status, and the model
// follows the store.
#include "workspace/history_store.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::workspace;

namespace {

HistoryEntry sent(int i, int status = 200)
{
    HistoryEntry e;
    e.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL + i * 1000, Qt::UTC);
    e.request.name = QStringLiteral("Request %1").arg(i);
    e.request.method = i % 2 ? QStringLiteral("POST") : QStringLiteral("GET");
    e.request.url = QStringLiteral("http://127.0.0.1:8080/items/%1").arg(i);
    e.request.headers = {{QStringLiteral("Accept"), QStringLiteral("*/*"), true},
                         {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
    e.request.body.kind = Body::Kind::Raw;
    e.request.body.text = QStringLiteral("{\"i\": %1}").arg(i);
    e.request.auth.kind = Auth::Kind::Bearer;
    e.request.auth.token = QStringLiteral("abc");
    RequestSettings s;
    s.timeoutMs = 1234;
    e.request.settings = s;
    e.sourceId = QStringLiteral("c/r%1.req.yaml").arg(i);
    e.status = status;
    e.durationMs = 12.5;
    e.timings = {-1, 0.4, 1.5, 0.9, 0.1, 9.2, 1.3};
    e.requestBytes = 100;
    e.responseBytes = 2000;
    e.responseHeaders = {
        {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true}};
    e.bodyPreview = "{\"ok\":true}";
    return e;
}

int linesIn(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return int(f.readAll().count('\n'));
}

} // namespace

class TestHistoryStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    int m_n = 0;
    QString freshFile() { return m_tmp.filePath(QStringLiteral("h%1/history.jsonl").arg(++m_n)); }

private slots:
    void roundTripsEveryField()
    {
        const QString file = freshFile();
        HistoryStore h(file);
        QVERIFY(h.load().ok());
        QCOMPARE(h.size(), 0);
        HistoryEntry binary = sent(2, 0);
        binary.error = QStringLiteral("connection refused");
        binary.bodyPreview = QByteArray("\xff\x00\x01 not utf-8", 14);
        QVERIFY(h.append(sent(1)).ok());
        QVERIFY(h.append(binary).ok());
        HistoryStore again(file);
        QVERIFY(again.load().ok());
        QCOMPARE(again.size(), 2);
        QCOMPARE(again.entry(0), binary); // newest first
        QCOMPARE(again.entry(1), sent(1));
        QCOMPARE(again.skippedLines(), 0);
    }

    // The request as sent comes back with every field, so restoring it loses nothing.
    void everyRequestFieldSurvives()
    {
        HistoryEntry e = sent(3);
        HttpRequest &r = e.request;
        r.query = {{QStringLiteral("q"), QStringLiteral("1"), false}};
        r.variables = {{QStringLiteral("v"), QStringLiteral("2"), true}};
        r.description = QStringLiteral("d");
        r.preRequestScript = QStringLiteral("pre();\n");
        r.testScript = QStringLiteral("test();");
        r.body.kind = Body::Kind::Multipart;
        r.body.contentType = QStringLiteral("multipart/form-data");
        r.body.fields = {{QStringLiteral("f"),
                          {},
                          QStringLiteral("/tmp/a"),
                          QStringLiteral("image/png"),
                          false}};
        r.body.graphqlVariables = QStringLiteral("{}");
        r.body.filePath = QStringLiteral("/tmp/b");
        r.auth = {};
        r.auth.kind = Auth::Kind::OAuth2;
        r.auth.username = QStringLiteral("u");
        r.auth.password = QStringLiteral("p");
        r.auth.keyIn = Auth::ApiKeyIn::Query;
        r.auth.sessionToken = QStringLiteral("st");
        r.auth.grantType = QStringLiteral("client_credentials");
        r.auth.tokenUrl = QStringLiteral("http://127.0.0.1/t");
        r.auth.clientSecret = QStringLiteral("cs");
        r.auth.redirectUri = QStringLiteral("http://127.0.0.1/cb");
        r.auth.pkce = false;
        RequestSettings s;
        s.followRedirects = false;
        s.maxRedirects = 2;
        s.verifyTls = false;
        s.caBundle = QStringLiteral("/ca.pem");
        s.clientKey = QStringLiteral("/k.pem");
        s.httpVersion = QStringLiteral("2");
        r.settings = s;
        HistoryStore h(freshFile());
        QVERIFY(h.append(e).ok());
        HistoryStore again(h.fileName());
        QVERIFY(again.load().ok());
        QCOMPARE(again.entry(0).request, r);
    }

    void bodyPreviewIsBounded()
    {
        HistoryStore h(freshFile());
        HistoryEntry big = sent(1);
        big.bodyPreview = QByteArray(HistoryStore::kBodyPreviewBytes - 1, 'a') + "é and more";
        QVERIFY(h.append(big).ok());
        QVERIFY(h.entry(0).bodyTruncated);
        QVERIFY(h.entry(0).bodyPreview.size() <= HistoryStore::kBodyPreviewBytes);
        // cut before the two-byte 'é', not inside it
        QCOMPARE(h.entry(0).bodyPreview.size(), HistoryStore::kBodyPreviewBytes - 1);
        HistoryStore again(h.fileName());
        QVERIFY(again.load().ok());
        QCOMPARE(again.entry(0).bodyPreview, h.entry(0).bodyPreview);
    }

    void boundHoldsInMemoryAndOnDisk()
    {
        const QString file = freshFile();
        HistoryStore h(file, 20);
        for (int i = 0; i < 100; ++i)
            QVERIFY(h.append(sent(i)).ok());
        QCOMPARE(h.size(), 20);
        QCOMPARE(h.entry(0).request.name, QStringLiteral("Request 99"));
        QCOMPARE(h.entry(19).request.name, QStringLiteral("Request 80"));
        // Compaction runs in the background, so lines appended while it writes stay until the
        // next append over the bound starts another: after that one, the file is within the
        // bound plus its slack (under load, the loop above can outrun a rewrite).
        h.waitForCompaction();
        QVERIFY(h.append(sent(100)).ok());
        h.waitForCompaction();
        QVERIFY2(linesIn(file) <= 20 + 16, qPrintable(QString::number(linesIn(file))));
        QCOMPARE(h.entry(0).request.name, QStringLiteral("Request 100"));
        HistoryStore again(file, 20);
        QVERIFY(again.load().ok());
        QCOMPARE(again.size(), 20);
        QCOMPARE(again.entry(0), h.entry(0));
        QCOMPARE(again.entry(19), h.entry(19));
        h.setLimit(5);
        QCOMPARE(h.size(), 5);
        QCOMPARE(HistoryStore(file).limit(), HistoryStore::kDefaultLimit);
    }

    // The rewrite runs on a worker: the append that starts it returns at once, and the appends
    // made while it writes land in the rewritten file too.
    void appendsDuringCompactionSurviveAReload()
    {
        const QString file = freshFile();
        constexpr int limit = 200;
        const int trigger = limit + std::max(16, limit / 10) + 1; // the line that compacts
        const auto big = [](int i) {
            HistoryEntry e = sent(i);
            e.bodyPreview = QByteArray(HistoryStore::kBodyPreviewBytes, 'x');
            return e;
        };
        HistoryStore h(file, limit);
        for (int i = 0; i < trigger; ++i)
            QVERIFY(h.append(big(i)).ok());
        QVERIFY(h.isCompacting()); // ~13 MB to rewrite: still busy when append returned
        for (int i = trigger; i < trigger + 10; ++i)
            QVERIFY(h.append(big(i)).ok());
        h.waitForCompaction();
        QVERIFY(!h.isCompacting());
        QVERIFY(linesIn(file) <= limit + 10);
        HistoryStore again(file, limit);
        QVERIFY(again.load().ok());
        QCOMPARE(again.skippedLines(), 0);
        QCOMPARE(again.size(), limit);
        for (int i = 0; i < limit; ++i)
            QCOMPARE(again.entry(i).request.name, h.entry(i).request.name);
        QCOMPARE(again.entry(0), h.entry(0));
    }

    // A crash in the middle of an append after a compaction costs that line only.
    void truncatedLineAfterCompactionStillLoads()
    {
        const QString file = freshFile();
        {
            HistoryStore h(file, 20);
            for (int i = 0; i < 40; ++i)
                QVERIFY(h.append(sent(i)).ok());
            h.waitForCompaction();
        }
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 40));
        f.close();
        HistoryStore h(file, 20);
        QVERIFY(h.load().ok());
        QCOMPARE(h.skippedLines(), 1);
        QCOMPARE(h.entry(0), sent(38));
    }

    void truncatedLastLineCostsOneEntry()
    {
        const QString file = freshFile();
        {
            HistoryStore h(file);
            for (int i = 0; i < 3; ++i)
                QVERIFY(h.append(sent(i)).ok());
        }
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const QByteArray all = f.readAll();
        QVERIFY(f.resize(all.size() - 40)); // a crash in the middle of the last append
        f.close();
        HistoryStore h(file);
        QVERIFY(h.load().ok());
        QCOMPARE(h.size(), 2);
        QCOMPARE(h.skippedLines(), 1);
        QCOMPARE(h.entry(0), sent(1));
        // the next append starts on its own line and is read back
        QVERIFY(h.append(sent(7)).ok());
        HistoryStore again(file);
        QVERIFY(again.load().ok());
        QCOMPARE(again.size(), 3);
        QCOMPARE(again.entry(0), sent(7));
        QCOMPARE(again.skippedLines(), 1);
    }

    void searchesMethodUrlNameAndStatus()
    {
        HistoryStore h(freshFile());
        QVERIFY(h.append(sent(1, 201)).ok());  // POST .../items/1
        QVERIFY(h.append(sent(2, 404)).ok());  // GET .../items/2
        QVERIFY(h.append(sent(13, 500)).ok()); // POST .../items/13
        QCOMPARE(h.search(QString()), (QList<int>{0, 1, 2}));
        QCOMPARE(h.search(QStringLiteral("post")), (QList<int>{0, 2}));
        QCOMPARE(h.search(QStringLiteral("404")), (QList<int>{1}));
        QCOMPARE(h.search(QStringLiteral("items/1")), (QList<int>{0, 2}));
        QCOMPARE(h.search(QStringLiteral("request 2")), (QList<int>{1}));
        QCOMPARE(h.search(QStringLiteral("nothing")), QList<int>{});
        // what an editor gets back is the request as sent
        QCOMPARE(h.entry(1).request, sent(2).request);
    }

    void clearEmptiesTheFile()
    {
        HistoryStore h(freshFile());
        QVERIFY(h.append(sent(1)).ok());
        QVERIFY(h.clear().ok());
        QCOMPARE(h.size(), 0);
        HistoryStore again(h.fileName());
        QVERIFY(again.load().ok());
        QCOMPARE(again.size(), 0);
    }

    void modelFollowsTheStore()
    {
        HistoryStore h(freshFile(), 3);
        HistoryModel m(&h);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m.rowCount(), 0);
        for (int i = 0; i < 5; ++i)
            QVERIFY(h.append(sent(i, 200 + i)).ok());
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.index(0).data(HistoryModel::NameRole).toString(), QStringLiteral("Request 4"));
        QCOMPARE(m.index(0).data(HistoryModel::StatusRole).toInt(), 204);
        QVERIFY(m.index(0).data().toString().contains(QStringLiteral("/items/4")));
        m.setFilter(QStringLiteral("POST"));
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.entryIndex(0), 1);
        QCOMPARE(h.entry(m.entryIndex(0)).request.name, QStringLiteral("Request 3"));
        QVERIFY(m.roleNames().values().contains("url"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_history_store.moc"
