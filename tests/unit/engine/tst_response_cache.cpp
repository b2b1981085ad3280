#include "engine/response_cache.h"

#include <QTest>

using namespace bb::engine;

namespace {
bb::http::Response resp(const std::string &body)
{
    bb::http::Response r;
    r.headers.add("ETag", "\"x\"");
    r.body = body;
    return r;
}
} // namespace

class tst_ResponseCache : public QObject {
    Q_OBJECT
private slots:
    void hitUntilTableChanges()
    {
        ResponseCache c;
        c.put("/api/v1/posts/1", "posts", resp("one"));
        auto hit = c.get("/api/v1/posts/1", "posts");
        QVERIFY(hit);
        QCOMPARE(hit->body, std::string("one"));
        QCOMPARE(std::string(hit->headers.get("ETag")), std::string("\"x\""));
        c.invalidate("tags");
        QVERIFY(c.get("/api/v1/posts/1", "posts"));
        c.invalidate("posts");
        QVERIFY(!c.get("/api/v1/posts/1", "posts"));
        c.put("/api/v1/posts/1", "posts", resp("two"));
        QCOMPARE(c.get("/api/v1/posts/1", "posts")->body, std::string("two"));
    }

    void evictsOldestWhenFull()
    {
        ResponseCache c(3);
        for (int i = 0; i < 5; ++i)
            c.put("k" + std::to_string(i), "t", resp(std::to_string(i)));
        QCOMPARE(c.size(), 3u);
        QVERIFY(!c.get("k0", "t"));
        QVERIFY(!c.get("k1", "t"));
        QVERIFY(c.get("k4", "t"));
    }

    void clearDropsEverything()
    {
        ResponseCache c;
        c.put("a", "t", resp("a"));
        c.clear();
        QVERIFY(!c.get("a", "t"));
        c.put("a", "t", resp("a2"));
        QCOMPARE(c.get("a", "t")->body, std::string("a2"));
    }
};

QTEST_GUILESS_MAIN(tst_ResponseCache)
#include "tst_response_cache.moc"
