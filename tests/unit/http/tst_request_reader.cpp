// The request reader without sockets: byte-at-a-time feeding, pipelining, body framing and
// timestamps, which the server tests only cover in whole-segment form.
#include "http/request_reader.h"

#include <QTest>

using namespace bb::http;

class TstRequestReader : public QObject {
    Q_OBJECT

private slots:
    void splitAnywhere_data();
    void splitAnywhere();
    void continueIsWantedOnlyBeforeTheBody();
    void timestamps();
    void bufferCompactsAcrossManyRequests();
};

void TstRequestReader::splitAnywhere_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("bodies");
    QTest::newRow("three gets") << QByteArray("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
                                              "GET /c HTTP/1.1\r\n\r\n")
                                << QStringList{"", "", ""};
    QTest::newRow("length and chunked")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc\r\n"
                      "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2;x=y\r\nde\r\n1\r\nf\r\n0\r\nT: 1\r\n\r\n")
        << QStringList{"abc", "def"};
}

void TstRequestReader::splitAnywhere()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, bodies);
    for (int split = 1; split < bytes.size(); ++split) {
        RequestReader reader{Limits{}};
        QStringList got;
        auto drain = [&] {
            for (int guard = 0; guard < 10; ++guard) {
                const auto s = reader.next(0);
                if (s != RequestReader::Status::Ready)
                    return s;
                got << QString::fromStdString(reader.request().body);
            }
            return RequestReader::Status::Error;
        };
        reader.append(std::string_view(bytes.constData(), size_t(split)));
        QCOMPARE(drain(), RequestReader::Status::NeedMore);
        reader.append(std::string_view(bytes.constData() + split, size_t(bytes.size() - split)));
        QCOMPARE(drain(), RequestReader::Status::NeedMore);
        QVERIFY2(got == bodies, qPrintable(QStringLiteral("split at %1").arg(split)));
        QVERIFY(!reader.hasPartial());
    }
}

void TstRequestReader::continueIsWantedOnlyBeforeTheBody()
{
    RequestReader reader{Limits{}};
    reader.append("PUT /x HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n");
    QCOMPARE(reader.next(0), RequestReader::Status::NeedMore);
    QVERIFY(reader.wantsContinue());
    QVERIFY(reader.inBody());
    reader.markContinueSent();
    QVERIFY(!reader.wantsContinue());
    reader.append("ok");
    QCOMPARE(reader.next(0), RequestReader::Status::Ready);
    QCOMPARE(reader.request().body, std::string("ok"));

    RequestReader old{Limits{}};
    old.append("PUT /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    QCOMPARE(old.next(0), RequestReader::Status::NeedMore);
    QVERIFY(!old.wantsContinue()); // RFC 9110: ignore the expectation from HTTP/1.0
}

void TstRequestReader::timestamps()
{
    RequestReader reader{Limits{}};
    reader.append("GET /a HTTP/1.1\r\n", 100);
    QCOMPARE(reader.next(150), RequestReader::Status::NeedMore);
    QCOMPARE(reader.partialSinceNs(), std::int64_t(100));
    reader.append("Host: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n", 200);
    QCOMPARE(reader.next(250), RequestReader::Status::Ready);
    QCOMPARE(reader.request().receivedAtNs, std::int64_t(100));
    QCOMPARE(reader.request().parsedAtNs, std::int64_t(250));
    QCOMPARE(reader.next(260), RequestReader::Status::Ready);
    QCOMPARE(reader.request().receivedAtNs, std::int64_t(200));
    QCOMPARE(reader.request().target, std::string("/b"));
}

void TstRequestReader::bufferCompactsAcrossManyRequests()
{
    RequestReader reader{Limits{}};
    const std::string one = "GET /loop HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < 10000; ++i) {
        reader.append(one);
        QCOMPARE(reader.next(0), RequestReader::Status::Ready);
        QCOMPARE(reader.next(0), RequestReader::Status::NeedMore);
    }
    QCOMPARE(reader.buffered(), std::size_t(0));
}

QTEST_GUILESS_MAIN(TstRequestReader)
#include "tst_request_reader.moc"
