// bb::tester::OAuth2Tokens: the workspace's OAuth 2.0 settings mapped onto the client's token
// source, and buildRequest end to end — a request with OAuth 2.0 auth gets its token from a
// scripted token endpoint and reaches a local echo server with it.
#include "token_endpoint.h"

#include "client/http_client.h"
#include "tester/oauth2_tokens.h"
#include "tester/request_builder.h"

#include <QTest>

#include <memory>
#include <optional>

using namespace bb::tester;
namespace ws = bb::workspace;
namespace cl = bb::client;
using bbtest::field;
using bbtest::jsonResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

namespace {

ws::Auth clientCredentials(const QString &tokenUrl)
{
    ws::Auth a;
    a.kind = ws::Auth::Kind::OAuth2;
    a.grantType = "client_credentials";
    a.tokenUrl = tokenUrl;
    a.clientId = "app";
    a.clientSecret = "secret";
    a.scope = "read";
    return a;
}

QString errorOf(const bb::Result<cl::OAuth2Config> &r)
{
    return r.ok() ? QString() : r.error().message;
}

} // namespace

class tst_OAuth2Tokens : public QObject {
    Q_OBJECT

    // Sends wire on the client's worker and spins here (where the echo server lives).
    cl::HttpResponse send(const cl::HttpRequest &wire)
    {
        cl::HttpClient client;
        auto result = std::make_shared<std::optional<cl::HttpResponse>>();
        client.send(wire, this, [result](const cl::HttpResponse &r) { *result = r; });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 30000))
            return cl::HttpResponse{.error = "test: no answer"};
        return **result;
    }

    bb::Result<BuiltRequest> build(const ws::HttpRequest &r, const VariableScopes &vars,
                                   OAuth2Tokens &tokens)
    {
        BuildOptions o;
        o.oauth2Token = tokens.tokenFunction();
        o.addTraceParent = false;
        // The token function blocks on the scripted endpoint, which lives on this thread.
        return bbtest::callOnWorker<BuiltRequest>(
            [&] { return buildRequest(r, vars, ws::RequestSettings{}, o); });
    }

private slots:
    void grantTypesMap()
    {
        ws::Auth a = clientCredentials("http://127.0.0.1:1/token");
        for (const char *name : {"client_credentials", "clientCredentials", "Client-Credentials"}) {
            a.grantType = name;
            const auto c = oauth2Config(a);
            QVERIFY2(c.ok(), qPrintable(errorOf(c)));
            QCOMPARE(c->grant, cl::OAuth2Config::Grant::ClientCredentials);
            QCOMPARE(c->clientId, QString("app"));
            QCOMPARE(c->scope, QString("read"));
        }

        a.grantType = "authorizationCode";
        QVERIFY(errorOf(oauth2Config(a)).startsWith("auth.authUrl:"));
        a.authUrl = "http://127.0.0.1:1/authorize";
        a.pkce = false;
        a.redirectUri = "http://127.0.0.1:8765/cb";
        auto code = oauth2Config(a);
        QVERIFY2(code.ok(), qPrintable(errorOf(code)));
        QCOMPARE(code->grant, cl::OAuth2Config::Grant::AuthorizationCode);
        QVERIFY(!code->pkce);
        QCOMPARE(code->redirectPort, quint16(8765));
        QCOMPARE(code->redirectPath, QString("/cb"));
        a.grantType = "authorization_code_with_pkce"; // Postman's name forces PKCE
        QVERIFY(oauth2Config(a)->pkce);
        a.redirectUri = "https://example.test/cb";
        QVERIFY(errorOf(oauth2Config(a)).startsWith("auth.redirectUri:"));

        a.grantType = "password_credentials";
        QVERIFY(errorOf(oauth2Config(a)).startsWith("auth.username:"));
        a.username = "ann";
        a.password = "pw";
        const auto password = oauth2Config(a);
        QCOMPARE(password->grant, cl::OAuth2Config::Grant::Password);
        QCOMPARE(password->username, QString("ann"));
        QCOMPARE(password->password, QString("pw"));

        a.grantType = "implicit";
        QVERIFY(errorOf(oauth2Config(a)).contains("implicit grant is not supported"));
        a.grantType = "";
        QVERIFY(errorOf(oauth2Config(a)).startsWith("auth.grantType: '' is not a grant type"));
        a = clientCredentials("");
        QVERIFY(errorOf(oauth2Config(a)).startsWith("auth.tokenUrl:"));
        a = clientCredentials("http://127.0.0.1:1/token");
        a.clientId = " ";
        QVERIFY(errorOf(oauth2Config(a)).startsWith("auth.clientId:"));
        a.kind = ws::Auth::Kind::Bearer;
        QVERIFY(!oauth2Config(a).ok());
    }

    void clientCredentialsReachEchoServer()
    {
        QList<RawRequest> tokenRequests;
        ScriptedServer tokenEndpoint([&](const RawRequest &r) {
            tokenRequests.append(r);
            return jsonResponse(200, {{"access_token", QString("tok-%1").arg(tokenRequests.size())},
                                      {"token_type", "Bearer"},
                                      {"expires_in", 3600}});
        });
        ScriptedServer echo([](const RawRequest &r) {
            return bbtest::httpResponse(200, r.headers.value("authorization"));
        });

        VariableScopes vars;
        vars.setScope(Scope::Environment,
                      {{"tokenUrl", QString(tokenEndpoint.url("/token"))}, {"client", "app"}});
        ws::HttpRequest r;
        r.url = QString(echo.url("/api/things"));
        r.auth = clientCredentials("{{tokenUrl}}"); // buildRequest resolves it before the seam
        r.auth.clientId = "{{client}}";
        OAuth2Tokens tokens;

        const auto built = build(r, vars, tokens);
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        const cl::HttpResponse answer = send(built->wire);
        QVERIFY2(answer.ok(), qPrintable(answer.error));
        QCOMPARE(answer.body, QByteArray("Bearer tok-1"));
        QCOMPARE(tokenRequests.size(), 1);
        QCOMPARE(field(tokenRequests[0], "grant_type"), QString("client_credentials"));
        QCOMPARE(field(tokenRequests[0], "scope"), QString("read"));
        QCOMPARE(QByteArray::fromBase64(tokenRequests[0].headers.value("authorization").mid(6)),
                 QByteArray("app:secret"));

        // The next send reuses the cached token; "Get token" replaces it.
        const auto again = build(r, vars, tokens);
        QVERIFY(again.ok());
        QCOMPARE(send(again->wire).body, QByteArray("Bearer tok-1"));
        QCOMPARE(tokenRequests.size(), 1);
        const auto fetched =
            bbtest::callOnWorker<cl::OAuth2Token>([&] { return tokens.fetchNow(r.auth, vars); });
        QVERIFY2(fetched.ok(), fetched.ok() ? "" : qPrintable(fetched.error().message));
        QCOMPARE(fetched->accessToken, QByteArray("tok-2"));
        QCOMPARE(tokenRequests.size(), 2);
        const auto third = build(r, vars, tokens);
        QCOMPARE(send(third->wire).body, QByteArray("Bearer tok-2"));
        QCOMPARE(tokenRequests.size(), 2);
    }

    void passwordGrantThroughBuildRequest()
    {
        QList<RawRequest> tokenRequests;
        ScriptedServer tokenEndpoint([&](const RawRequest &r) {
            tokenRequests.append(r);
            return jsonResponse(
                200, {{"access_token", "for-" + field(r, "username") + "-" + field(r, "password")},
                      {"expires_in", 3600}});
        });
        ScriptedServer echo([](const RawRequest &r) {
            return bbtest::httpResponse(200, r.headers.value("authorization"));
        });
        VariableScopes vars;
        vars.setScope(Scope::Environment, {{"user", "ann"}, {"pass", "pw1"}});
        ws::HttpRequest r;
        r.url = QString(echo.url("/"));
        r.auth = clientCredentials(QString(tokenEndpoint.url("/token")));
        r.auth.grantType = "password";
        r.auth.username = "{{user}}";
        r.auth.password = "{{pass}}";
        OAuth2Tokens tokens;
        const auto built = build(r, vars, tokens);
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        QCOMPARE(send(built->wire).body, QByteArray("Bearer for-ann-pw1"));
        QCOMPARE(field(tokenRequests.value(0), "grant_type"), QString("password"));
    }

    void endpointErrorsNameTheAuth()
    {
        ScriptedServer tokenEndpoint([](const RawRequest &) {
            return jsonResponse(401, {{"error", "invalid_client"}});
        });
        ws::HttpRequest r;
        r.url = "http://127.0.0.1:1/";
        r.auth = clientCredentials(QString(tokenEndpoint.url("/token")));
        OAuth2Tokens tokens;
        VariableScopes vars;
        const auto built = build(r, vars, tokens);
        QVERIFY(!built.ok());
        QCOMPARE(built.error().message,
                 QString("auth (OAuth 2.0): the token endpoint answered 401: invalid_client"));
        r.auth.grantType = "device_code";
        const auto bad = build(r, vars, tokens);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.startsWith("auth (OAuth 2.0): auth.grantType: 'device_code'"),
                 qPrintable(bad.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_OAuth2Tokens)
#include "tst_oauth2_tokens.moc"
