// JWT: base64url, HMAC and signature checking against RFC 7515 A.1, claim parsing with the
// RFC 7519 §3.1 claims, and every way verify() must refuse a token.
#include "identity/base64url.h"
#include "identity/jwt.h"

#include <QtTest>

using namespace bb::identity;

namespace {

// RFC 7515 Appendix A.1: the header and payload JSON contain CRLF line breaks.
const QByteArray kA1Header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
const QByteArray kA1Payload =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
const QByteArray kA1HeaderB64 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9";
const QByteArray kA1PayloadB64 = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGF"
                                 "tcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const QByteArray kA1Signature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const QByteArray kA1JwkK =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

const QByteArray kKey = QByteArray(32, 'k');
constexpr qint64 kNow = 1700000000;

QByteArray a1Key()
{
    return *base64UrlDecode(kA1JwkK);
}

// A token with arbitrary header and payload JSON and a correct HS256 signature, so tests can
// reach the checks that come after the signature.
QByteArray makeToken(const QByteArray &header, const QByteArray &payload,
                     const QByteArray &key = kKey)
{
    const QByteArray input = base64UrlEncode(header) + '.' + base64UrlEncode(payload);
    return input + '.' + base64UrlEncode(hmacSha256(key, input));
}

Claims sampleClaims()
{
    Claims c;
    c.sub = QStringLiteral("42");
    c.roles = {QStringLiteral("editor"), QStringLiteral("viewer")};
    c.tv = 3;
    c.iat = kNow - 60;
    c.exp = kNow + 900;
    c.jti = QStringLiteral("0f8e7c1a");
    return c;
}

const QByteArray kGoodHeader = R"({"alg":"HS256","typ":"JWT"})";
const QByteArray kGoodPayload = R"({"sub":"42","roles":["editor"],"tv":3,"iat":1699999940,)"
                                R"("exp":1700000900,"jti":"abc"})";

} // namespace

class TestJwt : public QObject {
    Q_OBJECT

private slots:
    void base64Url_data();
    void base64Url();
    void base64UrlRejects_data();
    void base64UrlRejects();
    void rfc7515ExampleEncoding();
    void rfc7515ExampleSignature();
    void rfc7519ExampleClaims();
    void roundTrip_data();
    void roundTrip();
    void rejectsHeader_data();
    void rejectsHeader();
    void rejectsTampering_data();
    void rejectsTampering();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void claims_data();
    void claims();
    void times_data();
    void times();
    void staleTokenVersion();
    void sizeLimit();
};

void TestJwt::base64Url_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("encoded");
    // RFC 4648 §10 vectors, unpadded, plus bytes that use the URL-only symbols.
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("f") << QByteArray("f") << QByteArray("Zg");
    QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8");
    QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
    QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg");
    QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE");
    QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    QTest::newRow("url symbols") << QByteArray("\xfb\xff\xbf", 3) << QByteArray("-_-_");
}

void TestJwt::base64Url()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, encoded);
    QCOMPARE(base64UrlEncode(plain), encoded);
    const auto decoded = base64UrlDecode(encoded);
    QVERIFY(decoded);
    QCOMPARE(*decoded, plain);
}

void TestJwt::base64UrlRejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("padding") << QByteArray("Zg==");
    QTest::newRow("one pad") << QByteArray("Zm8=");
    QTest::newRow("plus") << QByteArray("+/+/");
    QTest::newRow("space") << QByteArray("Zm 9v");
    QTest::newRow("impossible length") << QByteArray("Zm9vY");
    QTest::newRow("non-zero trailing bits") << QByteArray("Zh");
    QTest::newRow("nul byte") << QByteArray("Zm\0v", 4);
    QTest::newRow("high byte") << QByteArray("Zm\xc3\xa9");
}

void TestJwt::base64UrlRejects()
{
    QFETCH(QByteArray, text);
    QVERIFY(!base64UrlDecode(text));
}

void TestJwt::rfc7515ExampleEncoding()
{
    QCOMPARE(base64UrlEncode(kA1Header), kA1HeaderB64);
    QCOMPARE(base64UrlEncode(kA1Payload), kA1PayloadB64);
    QCOMPARE(a1Key().size(), 64);
}

void TestJwt::rfc7515ExampleSignature()
{
    const QByteArray input = kA1HeaderB64 + '.' + kA1PayloadB64;
    QCOMPARE(base64UrlEncode(hmacSha256(a1Key(), input)), kA1Signature);

    const auto parts = splitCompact(input + '.' + kA1Signature);
    QVERIFY(parts);
    QCOMPARE(parts->header, kA1Header);
    QCOMPARE(parts->payload, kA1Payload);
    QCOMPARE(parts->signingInput, input);
    QVERIFY(verifySignature(*parts, a1Key()));
    QVERIFY(!verifySignature(*parts, kKey));
    QVERIFY(checkHeader(parts->header));
}

void TestJwt::rfc7519ExampleClaims()
{
    // The RFC's claims are valid JSON but lack our required sub, iat, tv and jti.
    const auto claims = parseClaims(kA1Payload);
    QVERIFY(!claims);
    QCOMPARE(claims.error().reason, JwtFailure::Malformed);
    QVERIFY(claims.error().message.contains(QLatin1String("sub")));

    // The whole example gets past header and signature and stops at the claims.
    const auto r = verify(kA1HeaderB64 + '.' + kA1PayloadB64 + '.' + kA1Signature, a1Key(), 0);
    QVERIFY(!r);
    QCOMPARE(r.error().reason, JwtFailure::Malformed);

    // With our claims added, the same CRLF-laden JSON style parses, and unknown claims
    // (iss, a URI-named one) are ignored.
    const QByteArray ours = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n"
                            " \"http://example.com/is_root\":true,\r\n \"sub\":\"joe\",\r\n"
                            " \"iat\":1300819000, \"tv\":0, \"jti\":\"j1\"}";
    const auto c = parseClaims(ours);
    QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
    QCOMPARE(c->sub, QStringLiteral("joe"));
    QCOMPARE(c->exp, 1300819380);
    QVERIFY(c->roles.isEmpty());
    const auto full = verify(makeToken(kA1Header, ours), kKey, 1300819379);
    QVERIFY(full);
    QCOMPARE(*full, *c);
}

void TestJwt::roundTrip_data()
{
    QTest::addColumn<Claims>("claims");
    QTest::newRow("typical") << sampleClaims();
    Claims nbf = sampleClaims();
    nbf.nbf = kNow - 1;
    QTest::newRow("with nbf") << nbf;
    Claims noRoles = sampleClaims();
    noRoles.roles.clear();
    noRoles.tv = -7;
    QTest::newRow("no roles, negative tv") << noRoles;
    Claims unicode = sampleClaims();
    unicode.sub = QString::fromUtf8("zoë \"quoted\" \\ \n\t 😀 \u2028");
    unicode.roles = {QString::fromUtf8("rôle/ünïcode")};
    QTest::newRow("unicode and escapes") << unicode;
}

void TestJwt::roundTrip()
{
    QFETCH(Claims, claims);
    const QByteArray token = sign(claims, kKey);
    QCOMPARE(token.count('.'), 2);
    QVERIFY(token.startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
    const auto r = verify(token, kKey, kNow);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    QCOMPARE(*r, claims);
}

void TestJwt::rejectsHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<JwtFailure>("reason");
    QTest::newRow("alg none") << QByteArray(R"({"alg":"none","typ":"JWT"})")
                              << JwtFailure::BadAlgorithm;
    QTest::newRow("alg None") << QByteArray(R"({"alg":"None"})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg HS512") << QByteArray(R"({"alg":"HS512"})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg RS256") << QByteArray(R"({"alg":"RS256"})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg hs256") << QByteArray(R"({"alg":"hs256"})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg with space")
        << QByteArray(R"({"alg":"HS256 "})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg escaped NUL")
        << QByteArray(R"({"alg":"HS256\u0000"})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg array") << QByteArray(R"({"alg":["HS256"]})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg missing") << QByteArray(R"({"typ":"JWT"})") << JwtFailure::BadAlgorithm;
    QTest::newRow("alg duplicated")
        << QByteArray(R"({"alg":"HS256","alg":"none"})") << JwtFailure::Malformed;
    QTest::newRow("crit") << QByteArray(R"({"alg":"HS256","crit":["exp"]})")
                          << JwtFailure::Malformed;
    QTest::newRow("typ JWS") << QByteArray(R"({"alg":"HS256","typ":"JWS"})")
                             << JwtFailure::Malformed;
    QTest::newRow("header array") << QByteArray(R"(["HS256"])") << JwtFailure::Malformed;
    QTest::newRow("header not json") << QByteArray("alg=HS256") << JwtFailure::Malformed;
}

void TestJwt::rejectsHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(JwtFailure, reason);
    // Correctly MAC'd with the right key: only the header can be the reason for refusal.
    const auto r = verify(makeToken(header, kGoodPayload), kKey, kNow);
    QVERIFY(!r);
    QCOMPARE(failureName(r.error().reason), failureName(reason));
    // The control: the same payload under a good header verifies.
    QVERIFY(verify(makeToken(kGoodHeader, kGoodPayload), kKey, kNow));
}

void TestJwt::rejectsTampering_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray good = sign(sampleClaims(), kKey);
    const QList<QByteArray> seg = good.split('.');

    Claims admin = sampleClaims();
    admin.roles = {QStringLiteral("admin")};
    const QByteArray forgedPayload = sign(admin, kKey).split('.').at(1);
    QTest::newRow("payload swapped") << seg[0] + '.' + forgedPayload + '.' + seg[2];

    QByteArray flippedPayload = seg[1];
    flippedPayload[5] = flippedPayload[5] == 'A' ? 'B' : 'A';
    QTest::newRow("payload byte flipped") << seg[0] + '.' + flippedPayload + '.' + seg[2];

    QByteArray flippedSig = seg[2];
    flippedSig[0] = flippedSig[0] == 'A' ? 'B' : 'A';
    QTest::newRow("signature flipped") << seg[0] + '.' + seg[1] + '.' + flippedSig;
    QTest::newRow("signature truncated")
        << seg[0] + '.' + seg[1] + '.' + base64UrlEncode(base64UrlDecode(seg[2])->left(31));
    QTest::newRow("signature of other key") << sign(sampleClaims(), QByteArray(32, 'x'));
    QTest::newRow("signature of empty key") << sign(sampleClaims(), QByteArray());
}

void TestJwt::rejectsTampering()
{
    QFETCH(QByteArray, token);
    const auto r = verify(token, kKey, kNow);
    QVERIFY(!r);
    QCOMPARE(failureName(r.error().reason), failureName(JwtFailure::BadSignature));
}

void TestJwt::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray good = sign(sampleClaims(), kKey);
    const QList<QByteArray> seg = good.split('.');
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one segment") << seg[0];
    QTest::newRow("two segments") << seg[0] + '.' + seg[1];
    QTest::newRow("four segments") << good + ".AAAA";
    QTest::newRow("trailing dot") << good + '.';
    QTest::newRow("empty signature (alg none style)") << seg[0] + '.' + seg[1] + '.';
    QTest::newRow("empty header") << '.' + seg[1] + '.' + seg[2];
    QTest::newRow("padded header") << seg[0] + "=." + seg[1] + '.' + seg[2];
    QTest::newRow("padded signature") << good + '=';
    QTest::newRow("standard alphabet") << seg[0] + '.' + seg[1] + '.' + QByteArray("+/AA");
    QTest::newRow("whitespace") << seg[0] + ". " + seg[1] + '.' + seg[2];
    QTest::newRow("Bearer prefix left on") << "Bearer " + good;
    QTest::newRow("payload not json") << makeToken(kGoodHeader, "sub=42");
    QTest::newRow("payload array") << makeToken(kGoodHeader, "[1,2]");
}

void TestJwt::rejectsMalformed()
{
    QFETCH(QByteArray, token);
    const auto r = verify(token, kKey, kNow);
    QVERIFY(!r);
    QCOMPARE(failureName(r.error().reason), failureName(JwtFailure::Malformed));
    QVERIFY(!r.error().message.isEmpty());
}

void TestJwt::claims_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("valid");
    const auto row = [](const char *name, const char *json, bool valid) {
        QTest::newRow(name) << QByteArray(json) << valid;
    };
    row("minimal", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j"})", true);
    row("whitespace", " {\t\"sub\" : \"1\" ,\n\"iat\":1,\"exp\":2,\"tv\":0,\"jti\":\"j\"}\r\n",
        true);
    row("unknown nested claim",
        R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","x":{"a":[1,2.5e3,null]}})", true);
    row("missing sub", R"({"iat":1,"exp":2,"tv":0,"jti":"j"})", false);
    row("missing iat", R"({"sub":"1","exp":2,"tv":0,"jti":"j"})", false);
    row("missing exp", R"({"sub":"1","iat":1,"tv":0,"jti":"j"})", false);
    row("missing tv", R"({"sub":"1","iat":1,"exp":2,"jti":"j"})", false);
    row("missing jti", R"({"sub":"1","iat":1,"exp":2,"tv":0})", false);
    row("empty sub", R"({"sub":"","iat":1,"exp":2,"tv":0,"jti":"j"})", false);
    row("numeric sub", R"({"sub":1,"iat":1,"exp":2,"tv":0,"jti":"j"})", false);
    row("duplicate exp", R"({"sub":"1","iat":1,"exp":2,"exp":9999999999,"tv":0,"jti":"j"})", false);
    row("duplicate sub", R"({"sub":"1","sub":"2","iat":1,"exp":2,"tv":0,"jti":"j"})", false);
    row("duplicate nested", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","x":{"a":1,"a":2}})",
        false);
    row("exp string", R"({"sub":"1","iat":1,"exp":"2","tv":0,"jti":"j"})", false);
    row("exp fraction", R"({"sub":"1","iat":1,"exp":2.5,"tv":0,"jti":"j"})", false);
    row("exp negative", R"({"sub":"1","iat":1,"exp":-2,"tv":0,"jti":"j"})", false);
    row("exp beyond 9999", R"({"sub":"1","iat":1,"exp":99999999999999,"tv":0,"jti":"j"})", false);
    row("exp huge", R"({"sub":"1","iat":1,"exp":1e400,"tv":0,"jti":"j"})", false);
    row("tv bool", R"({"sub":"1","iat":1,"exp":2,"tv":true,"jti":"j"})", false);
    row("tv beyond int", R"({"sub":"1","iat":1,"exp":2,"tv":4294967296,"jti":"j"})", false);
    row("nbf string", R"({"sub":"1","iat":1,"exp":2,"nbf":"0","tv":0,"jti":"j"})", false);
    row("roles string", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","roles":"admin"})", false);
    row("roles numbers", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","roles":[1]})", false);
    row("trailing garbage", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j"}x)", false);
    row("trailing comma", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j",})", false);
    row("leading zero", R"({"sub":"1","iat":01,"exp":2,"tv":0,"jti":"j"})", false);
    row("single quotes", R"({'sub':"1","iat":1,"exp":2,"tv":0,"jti":"j"})", false);
    row("lone surrogate", R"({"sub":"\ud800","iat":1,"exp":2,"tv":0,"jti":"j"})", false);
    row("invalid utf-8", "{\"sub\":\"\xc3\x28\",\"iat\":1,\"exp\":2,\"tv\":0,\"jti\":\"j\"}",
        false);
    row("raw newline in string", "{\"sub\":\"a\nb\",\"iat\":1,\"exp\":2,\"tv\":0,\"jti\":\"j\"}",
        false);
    row("too deep",
        R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","x":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]})",
        false);
}

void TestJwt::claims()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, valid);
    const auto c = parseClaims(payload);
    QCOMPARE(c.ok(), valid);
    if (!valid)
        QCOMPARE(failureName(c.error().reason), failureName(JwtFailure::Malformed));
}

void TestJwt::times_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<QString>("expected"); // failureName, or "ok"
    const Claims c = sampleClaims();       // exp = kNow + 900, nbf = kNow + 100 in times()
    QTest::newRow("valid") << kNow + 200 << qint64(0) << QStringLiteral("ok");
    QTest::newRow("last second") << c.exp - 1 << qint64(0) << QStringLiteral("ok");
    QTest::newRow("at exp") << c.exp << qint64(0) << QStringLiteral("expired");
    QTest::newRow("long expired") << c.exp + 86400 << qint64(0) << QStringLiteral("expired");
    QTest::newRow("within leeway") << c.exp + 29 << qint64(30) << QStringLiteral("ok");
    QTest::newRow("past leeway") << c.exp + 30 << qint64(30) << QStringLiteral("expired");
    QTest::newRow("before nbf") << kNow + 99 << qint64(0) << QStringLiteral("not_yet_valid");
    QTest::newRow("at nbf") << kNow + 100 << qint64(0) << QStringLiteral("ok");
    QTest::newRow("nbf within leeway") << kNow + 95 << qint64(5) << QStringLiteral("ok");
    QTest::newRow("negative leeway is zero") << c.exp << qint64(-100) << QStringLiteral("expired");
}

void TestJwt::times()
{
    QFETCH(qint64, now);
    QFETCH(qint64, leeway);
    QFETCH(QString, expected);
    Claims c = sampleClaims();
    c.nbf = kNow + 100;
    const auto r = verify(sign(c, kKey), kKey, now, leeway);
    QCOMPARE(r ? QStringLiteral("ok") : failureName(r.error().reason), expected);
}

void TestJwt::staleTokenVersion()
{
    const auto r = verify(sign(sampleClaims(), kKey), kKey, kNow);
    QVERIFY(r);
    QVERIFY(!isStale(*r, 3));
    QVERIFY(isStale(*r, 4)); // password or roles changed since issue
    QVERIFY(isStale(*r, 2)); // a version the user never had
}

void TestJwt::sizeLimit()
{
    // Grow jti until the token crosses the limit: the last token within it still verifies.
    Claims c = sampleClaims();
    QByteArray within = sign(c, kKey);
    QByteArray over = within;
    while (over.size() <= kMaxTokenBytes) {
        within = over;
        c.jti += QLatin1Char('j');
        over = sign(c, kKey);
    }
    QVERIFY(within.size() > kMaxTokenBytes - 4);
    QVERIFY(verify(within, kKey, kNow));
    const auto r = verify(over, kKey, kNow);
    QVERIFY(!r);
    QCOMPARE(failureName(r.error().reason), failureName(JwtFailure::Malformed));
    QVERIFY(r.error().message.contains(QLatin1String("8192")));
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
