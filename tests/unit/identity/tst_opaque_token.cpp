// Opaque secrets: refresh tokens, SHA-256 storage hashes, and the API key format.
#include "identity/base64url.h"
#include "identity/opaque_token.h"

#include <QSet>
#include <QtTest>

using namespace bb::identity;

class TestOpaqueToken : public QObject {
    Q_OBJECT

private slots:
    void refreshTokens();
    void sha256_data();
    void sha256();
    void hashesEqual_data();
    void hashesEqual();
    void apiKeyRoundTrip();
    void parseApiKey_data();
    void parseApiKey();
};

void TestOpaqueToken::refreshTokens()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i) {
        const QByteArray t = newRefreshToken();
        QCOMPARE(t.size(), 43);
        const auto bytes = base64UrlDecode(t);
        QVERIFY(bytes);
        QCOMPARE(bytes->size(), 32);
        seen.insert(t);
    }
    QCOMPARE(seen.size(), 200);
}

void TestOpaqueToken::sha256_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("hex");
    // FIPS 180-2 vectors.
    QTest::newRow("empty")
        << QByteArray()
        << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QByteArray("abc")
                         << QByteArray(
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

void TestOpaqueToken::sha256()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, hex);
    QCOMPARE(sha256Hex(text), hex);
}

void TestOpaqueToken::hashesEqual_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    const QByteArray h = sha256Hex("x");
    QByteArray last = h;
    last[63] = last[63] == '0' ? '1' : '0';
    QTest::newRow("same") << h << QByteArray(h) << true;
    QTest::newRow("last char") << h << last << false;
    QTest::newRow("prefix") << h << h.left(32) << false;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << false;
}

void TestOpaqueToken::hashesEqual()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(bb::identity::hashesEqual(a, b), equal);
}

void TestOpaqueToken::apiKeyRoundTrip()
{
    const ApiKey key = newApiKey();
    const QByteArray text = key.text();
    QCOMPARE(text.size(), ApiKey::kTextLength);
    QVERIFY(text.startsWith("bbk_"));
    QCOMPARE(text.at(12), '_');
    const auto parsed = bb::identity::parseApiKey(text);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(*parsed, key);
    const QByteArray stored = sha256Hex(key.secret);
    QVERIFY(verifyApiKeySecret(parsed->secret, stored));
    QVERIFY(!verifyApiKeySecret(newApiKey().secret, stored));
    QVERIFY(newApiKey().id != key.id);
}

void TestOpaqueToken::parseApiKey_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    const QByteArray secret = base64UrlEncode(QByteArray(32, '\xfe')); // contains '-' and '_'
    QTest::newRow("good") << "bbk_ab12cd34_" + secret << true;
    QTest::newRow("wrong prefix") << "bbx_ab12cd34_" + secret << false;
    QTest::newRow("upper-case id") << "bbk_AB12cd34_" + secret << false;
    QTest::newRow("id with underscore") << "bbk_ab12_d34_" + secret << false;
    QTest::newRow("missing separator") << "bbk_ab12cd34x" + secret << false;
    QTest::newRow("short secret") << "bbk_ab12cd34_" + secret.left(42) << false;
    QTest::newRow("long secret") << "bbk_ab12cd34_" + secret + 'A' << false;
    QTest::newRow("secret with +") << "bbk_ab12cd34_+" + secret.mid(1) << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestOpaqueToken::parseApiKey()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    const auto r = bb::identity::parseApiKey(text);
    QCOMPARE(r.ok(), valid);
    if (!valid)
        QVERIFY(r.error().message.startsWith(QLatin1String("malformed API key")));
}

QTEST_GUILESS_MAIN(TestOpaqueToken)
#include "tst_opaque_token.moc"
