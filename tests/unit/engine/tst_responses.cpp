#include "engine/responses.h"

#include <QJsonDocument>
#include <QTest>

using namespace bb::engine;

class tst_Responses : public QObject {
    Q_OBJECT
private slots:
    void etagIsStableAndDistinct()
    {
        const std::string a = etagFor(R"({"id":1})");
        QCOMPARE(a, etagFor(R"({"id":1})"));
        QVERIFY(a != etagFor(R"({"id":2})"));
        QCOMPARE(a.size(), 18u);
        QCOMPARE(a.front(), '"');
    }

    void etagMatching_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("weak");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << "\"abc\"" << false << true;
        QTest::newRow("list") << "\"x\", \"abc\"" << false << true;
        QTest::newRow("star") << "*" << false << true;
        QTest::newRow("other") << "\"x\"" << true << false;
        QTest::newRow("weak for If-None-Match") << "W/\"abc\"" << true << true;
        QTest::newRow("weak never for If-Match") << "W/\"abc\"" << false << false;
        QTest::newRow("unquoted") << "abc" << true << false;
    }
    void etagMatching()
    {
        QFETCH(QString, header);
        QFETCH(bool, weak);
        QFETCH(bool, matches);
        QCOMPARE(etagMatches(header.toStdString(), "\"abc\"", weak), matches);
    }

    void problemDocument()
    {
        const auto r = problemResponse(404, "No posts record with id '9'.");
        QCOMPARE(r.status, 404);
        QCOMPARE(QString::fromStdString(std::string(r.headers.get("Content-Type"))),
                 QString("application/problem+json"));
        const auto o = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
        QCOMPARE(o["status"].toInt(), 404);
        QCOMPARE(o["title"].toString(), QString("Not Found"));
        QCOMPARE(o["type"].toString(), QString("about:blank"));
    }

    void validationDocument()
    {
        const auto r = validationProblem(409, {{"email", {"must be unique"}}});
        const auto o = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
        QCOMPARE(o["status"].toInt(), 409);
        QCOMPARE(o["errors"].toObject()["email"].toArray().first().toString(),
                 QString("must be unique"));
    }
};

QTEST_GUILESS_MAIN(tst_Responses)
#include "tst_responses.moc"
