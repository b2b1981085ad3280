// JWT: base64url, HMAC and signature checking against RFC 7515 A.1, claim parsing with the
// RFC 7519 §3.1 claims, and every way verify() must refuse a token.
#include "identity/base64url.h"
#include "identity/jwt.h"
#include "identity/jwt_json_p.h"
#include "identity/jwt_p.h"

#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

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
    c.sid = QStringLiteral("5e55104b");
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
    void hmacVectors_data();
    void hmacVectors();
    void fastPathMatchesStrict_data();
    void fastPathMatchesStrict();
    void fastClaimsMatchStrict();
    void verifierMatchesFreeFunctions();
    void verifierConcurrentUse();
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
    row("with sid", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","sid":"s1"})", true);
    row("empty sid", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","sid":""})", false);
    row("numeric sid", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","sid":7})", false);
    row("duplicate sid", R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j","sid":"a","sid":"b"})",
        false);
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

void TestJwt::hmacVectors_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("macHex");
    // RFC 4231 test cases 1, 2, 3, 6 and 7 (6 and 7 hash a key longer than the block), plus the
    // key lengths at the edges of the padding rules.
    QTest::newRow("rfc4231 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                               << QByteArray("b0344c61d8db38535ca8afceaf0bf12b"
                                             "881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("rfc4231 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                               << QByteArray("5bdcc146bf60754e6a042426089575c7"
                                             "5a003f089d2739839dec58b964ec3843");
    QTest::newRow("rfc4231 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                               << QByteArray("773ea91e36800e46854db8ebd09181a7"
                                             "2959098b3ef8c122d9635514ced565fe");
    QTest::newRow("rfc4231 6") << QByteArray(131, '\xaa')
                               << QByteArray("Test Using Larger Than Block-Size Key - Hash Key "
                                             "First")
                               << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f"
                                             "8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("rfc4231 7")
        << QByteArray(131, '\xaa')
        << QByteArray("This is a test using a larger than block-size key and a larger than "
                      "block-size data. The key needs to be hashed before being used by the "
                      "HMAC algorithm.")
        << QByteArray("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    QTest::newRow("empty key") << QByteArray() << QByteArray("abc")
                               << QByteArray("fd7adb152c05ef80dccf50a1fa4c05d5"
                                             "a3ec6da95575fc312ae7c5d091836351");
    QTest::newRow("block-size key, long data")
        << QByteArray(64, 'k') << QByteArray(200, 'x')
        << QByteArray("3c469482eb841790ea999241b8c6238f7a2df12b5bf79eb6d7ab592729ed9954");
    QTest::newRow("block-size + 1 key, empty data")
        << QByteArray(65, 'k') << QByteArray()
        << QByteArray("41f1c4cc3107cd5b8d92460f61032902bfdb06484eef17e861b83a5012d3b7f3");
}

void TestJwt::hmacVectors()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, macHex);
    QCOMPARE(hmacSha256(key, data).toHex(), macHex);
}

void TestJwt::fastPathMatchesStrict_data()
{
    QTest::addColumn<QByteArray>("token");
    const auto ours = [](const QByteArray &payload) { return makeToken(kGoodHeader, payload); };
    QTest::newRow("signed") << sign(sampleClaims(), kKey);
    Claims nbf = sampleClaims();
    nbf.nbf = kNow + 10;
    QTest::newRow("signed, not yet valid") << sign(nbf, kKey);
    Claims expired = sampleClaims();
    expired.exp = kNow;
    QTest::newRow("signed, expired") << sign(expired, kKey);
    QTest::newRow("other key") << sign(sampleClaims(), QByteArray(32, 'x'));
    QTest::newRow("good payload") << ours(kGoodPayload);
    QTest::newRow("reordered") << ours(R"({"jti":"j","exp":1700000900,"tv":0,"iat":1,"sub":"1"})");
    QTest::newRow("whitespace") << ours(
        R"({"sub": "1","iat":1,"exp":1700000900,"tv":0,"jti":"j"})");
    QTest::newRow("unknown claim")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","x":1})");
    QTest::newRow("escaped name") << ours(
        R"({"s\u0075b":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j"})");
    QTest::newRow("escaped value")
        << ours(R"({"sub":"\u0031","iat":1,"exp":1700000900,"tv":0,"jti":"j"})");
    QTest::newRow("utf-8 value") << ours(
        "{\"sub\":\"zo\xc3\xab\",\"iat\":1,\"exp\":1700000900,\"tv\":0,\"jti\":\"j\"}");
    QTest::newRow("tv -0") << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":-0,"jti":"j"})");
    QTest::newRow("tv negative") << ours(
        R"({"sub":"1","iat":1,"exp":1700000900,"tv":-5,"jti":"j"})");
    QTest::newRow("tv int min") << ours(
        R"({"sub":"1","iat":1,"exp":1700000900,"tv":-2147483648,"jti":"j"})");
    QTest::newRow("tv beyond int")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":2147483648,"jti":"j"})");
    QTest::newRow("exp 16 digits")
        << ours(R"({"sub":"1","iat":1,"exp":1000000000000000,"tv":0,"jti":"j"})");
    QTest::newRow("exp 20 digits")
        << ours(R"({"sub":"1","iat":1,"exp":99999999999999999999,"tv":0,"jti":"j"})");
    QTest::newRow("exp max") << ours(R"({"sub":"1","iat":1,"exp":253402300799,"tv":0,"jti":"j"})");
    QTest::newRow("exp max + 1") << ours(
        R"({"sub":"1","iat":1,"exp":253402300800,"tv":0,"jti":"j"})");
    QTest::newRow("exp with exponent")
        << ours(R"({"sub":"1","iat":1,"exp":17e8,"tv":0,"jti":"j"})");
    QTest::newRow("exp fraction zero")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900.0,"tv":0,"jti":"j"})");
    QTest::newRow("exp leading zero")
        << ours(R"({"sub":"1","iat":1,"exp":01700000900,"tv":0,"jti":"j"})");
    QTest::newRow("duplicate jti")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","jti":"k"})");
    QTest::newRow("duplicate roles")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","roles":[],"roles":[]})");
    QTest::newRow("empty roles") << ours(
        R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","roles":[]})");
    QTest::newRow("empty role") << ours(
        R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","roles":[""]})");
    QTest::newRow("roles trailing comma")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","roles":["a",]})");
    QTest::newRow("roles null") << ours(
        R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","roles":null})");
    QTest::newRow("nbf null") << ours(
        R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j","nbf":null})");
    QTest::newRow("empty sub") << ours(R"({"sub":"","iat":1,"exp":1700000900,"tv":0,"jti":"j"})");
    QTest::newRow("missing tv") << ours(R"({"sub":"1","iat":1,"exp":1700000900,"jti":"j"})");
    QTest::newRow("trailing byte")
        << ours(R"({"sub":"1","iat":1,"exp":1700000900,"tv":0,"jti":"j"} )");
    QTest::newRow("empty object") << ours("{}");
    QTest::newRow("empty payload") << ours("");
    const QList<QByteArray> seg = sign(sampleClaims(), kKey).split('.');
    QTest::newRow("signature one byte short")
        << seg[0] + '.' + seg[1] + '.' + base64UrlEncode(base64UrlDecode(seg[2])->left(31));
    QTest::newRow("signature one byte long")
        << seg[0] + '.' + seg[1] + '.' + base64UrlEncode(*base64UrlDecode(seg[2]) + 'x');
    QTest::newRow("dot in signature") << seg[0] + '.' + seg[1] + '.' + seg[2].left(42) + '.';
    QTest::newRow("bad payload base64") << seg[0] + '.' + seg[1] + "A." + seg[2];
    QTest::newRow("header with other key order")
        << makeToken(R"({"typ":"JWT","alg":"HS256"})", kGoodPayload);
    QTest::newRow("header without typ") << makeToken(R"({"alg":"HS256"})", kGoodPayload);
    QTest::newRow("rfc 7515 a.1") << kA1HeaderB64 + '.' + kA1PayloadB64 + '.' + kA1Signature;
}

void TestJwt::fastPathMatchesStrict()
{
    // verify() takes shortcuts for tokens shaped like ours; Internal::verifyStrict() is the
    // step-by-step reference. They must agree on the result and the message, at any time.
    QFETCH(QByteArray, token);
    for (const qint64 now : {qint64(0), kNow, kNow + 10, kNow + 1000}) {
        const auto fast = verify(token, kKey, now);
        const auto strict = Internal::verifyStrict(token, kKey, now);
        QCOMPARE(fast.ok(), strict.ok());
        if (fast.ok()) {
            QCOMPARE(*fast, *strict);
        } else {
            QCOMPARE(failureName(fast.error().reason), failureName(strict.error().reason));
            QCOMPARE(fast.error().message, strict.error().message);
        }
    }
}

void TestJwt::fastClaimsMatchStrict()
{
    // Whatever the shortcut accepts, parseClaims() accepts with the same claims.
    const QList<QByteArray> payloads = {
        kGoodPayload,
        R"({"sub":"1","iat":1,"exp":2,"tv":0,"jti":"j"})",
        R"({"sub":"1","iat":1,"exp":2,"tv":-2147483648,"jti":"j","nbf":0,"roles":["a","b"]})",
        R"({"roles":[],"jti":"~","tv":2147483647,"exp":253402300799,"iat":0,"sub":" "})",
    };
    for (const QByteArray &p : payloads) {
        const auto fast = Internal::parseClaimsFast(p);
        QVERIFY2(fast, p.constData());
        const auto strict = parseClaims(p);
        QVERIFY(strict);
        QCOMPARE(*fast, *strict);
    }
    // And it recognises what sign() writes.
    const QByteArray signedPayload = *base64UrlDecode(sign(sampleClaims(), kKey).split('.').at(1));
    const auto fromSign = Internal::parseClaimsFast(signedPayload);
    QVERIFY(fromSign);
    QCOMPARE(*fromSign, sampleClaims());
}

void TestJwt::verifierMatchesFreeFunctions()
{
    const JwtVerifier verifier(kKey);
    Claims c = sampleClaims();
    c.nbf = kNow - 5;
    const QByteArray token = verifier.sign(c);
    QCOMPARE(token, sign(c, kKey));
    const auto r = verifier.verify(token, kNow);
    QVERIFY(r);
    QCOMPARE(*r, c);
    const auto parts = splitCompact(token);
    QVERIFY(parts);
    QVERIFY(verifier.verifySignature(*parts));
    QVERIFY(!JwtVerifier(QByteArray(32, 'x')).verifySignature(*parts));
    QCOMPARE(failureName(verifier.verify(token, c.exp + 30, 30).error().reason),
             failureName(JwtFailure::Expired));
    QVERIFY(verifier.verify(token, c.exp + 29, 30));
    const auto other = JwtVerifier(QByteArray(32, 'x')).verify(token, kNow);
    QVERIFY(!other);
    QCOMPARE(failureName(other.error().reason), failureName(JwtFailure::BadSignature));
    // A copy shares the key schedule and outlives the original.
    JwtVerifier copy = JwtVerifier(kKey);
    QVERIFY(copy.verify(token, kNow));
    // The RFC 7515 A.1 key is exactly one block long.
    const JwtVerifier a1(a1Key());
    const auto a1Parts = splitCompact(kA1HeaderB64 + '.' + kA1PayloadB64 + '.' + kA1Signature);
    QVERIFY(a1Parts);
    QVERIFY(a1.verifySignature(*a1Parts));
}

void TestJwt::verifierConcurrentUse()
{
    // One verifier serves every worker thread; verify() must not share mutable state.
    const JwtVerifier verifier(kKey);
    Claims c = sampleClaims();
    const QByteArray good = verifier.sign(c);
    const QByteArray forged = sign(c, QByteArray(32, 'x'));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 2000; ++i) {
                const auto r = verifier.verify(good, kNow);
                if (!r || *r != c)
                    ++wrong;
                if (verifier.verify(forged, kNow))
                    ++wrong;
            }
        });
    }
    for (auto &t : threads)
        t.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
