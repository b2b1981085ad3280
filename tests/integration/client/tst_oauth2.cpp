// bb::client::OAuth2TokenSource against a token endpoint scripted in the test, with the test
// playing the user's browser for the authorization code grant.
#include "token_endpoint.h"

#include "client/http_client.h"
#include "client/oauth2.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace bb::client;
using bbtest::httpResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

using bbtest::field;
using bbtest::form;
using bbtest::jsonResponse;

// An authorization-code flow run as a real caller runs it: source.token() on a thread of its own,
// with the URL the flow opens in the browser caught here instead.
class CodeFlow {
public:
    CodeFlow()
    {
        source.setOpenBrowser([this](const QUrl &url) {
            std::lock_guard lock(m_mutex);
            m_authUrl = url;
        });
    }

    // Calls source.token(c) on the worker thread.
    void start(const OAuth2Config &c)
    {
        m_worker = std::thread([this, c] {
            result.emplace(source.token(c));
            m_done = true;
        });
    }

    // Whether the flow opened the browser within 10 s.
    bool browserOpened()
    {
        return QTest::qWaitFor(
            [&] {
                std::lock_guard lock(m_mutex);
                return m_authUrl.isValid();
            },
            10000);
    }

    QUrl authUrl()
    {
        std::lock_guard lock(m_mutex);
        return m_authUrl;
    }

    // Whether token() returned within 30 s; its thread is joined when it did.
    bool finished()
    {
        if (!QTest::qWaitFor([&] { return m_done.load(); }, 30000))
            return false;
        m_worker.join();
        return true;
    }

    OAuth2TokenSource source;
    std::optional<bb::Result<OAuth2Token>> result;

private:
    std::mutex m_mutex;
    QUrl m_authUrl;
    std::atomic<bool> m_done{false};
    std::thread m_worker;
};

class tst_OAuth2 : public QObject {
    Q_OBJECT

    bb::Result<OAuth2Token> call(OAuth2TokenSource &source, const OAuth2Config &config)
    {
        return bbtest::callOnWorker<OAuth2Token>([&] { return source.token(config); });
    }

    OAuth2Config clientCredentials(const ScriptedServer &server)
    {
        OAuth2Config c;
        c.tokenUrl = QString(server.url("/token"));
        c.clientId = "client-1";
        c.clientSecret = "s3cr+t";
        c.scope = "read write";
        return c;
    }

    // Plays the browser: GETs url on the HttpClient's worker, spinning until the answer.
    HttpResponse browse(HttpClient &client, const QUrl &url)
    {
        auto result = std::make_shared<std::optional<HttpResponse>>();
        HttpRequest req;
        req.url = url.toString(QUrl::FullyEncoded);
        client.send(req, this, [result](const HttpResponse &r) { *result = r; });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 30000))
            return HttpResponse{.error = "test: no answer"};
        return **result;
    }

private slots:
    void clientCredentialsBasic()
    {
        QList<RawRequest> seen;
        ScriptedServer server([&](const RawRequest &r) {
            seen.append(r);
            return jsonResponse(200, {{"access_token", "tok-1"},
                                      {"token_type", "Bearer"},
                                      {"expires_in", 3600},
                                      {"scope", "read write"}});
        });
        OAuth2TokenSource source;
        const auto t = call(source, clientCredentials(server));
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().message));
        QCOMPARE(t->accessToken, QByteArray("tok-1"));
        QCOMPARE(t->tokenType, QByteArray("Bearer"));
        QCOMPARE(t->scope, QString("read write"));
        QVERIFY(t->expiresAt.isValid());
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen[0].method, QByteArray("POST"));
        QCOMPARE(seen[0].headers.value("content-type"),
                 QByteArray("application/x-www-form-urlencoded"));
        const QByteArray auth = seen[0].headers.value("authorization");
        QVERIFY(auth.startsWith("Basic "));
        // RFC 6749 §2.3.1: the secret is form-encoded before it is joined and base64'd.
        QCOMPARE(QByteArray::fromBase64(auth.mid(6)), QByteArray("client-1:s3cr%2Bt"));
        QCOMPARE(field(seen[0], "grant_type"), QString("client_credentials"));
        QCOMPARE(field(seen[0], "scope"), QString("read write"));
        QVERIFY(!form(seen[0]).hasQueryItem("client_secret"));
    }

    void clientCredentialsPost()
    {
        QList<RawRequest> seen;
        ScriptedServer server([&](const RawRequest &r) {
            seen.append(r);
            return jsonResponse(200, {{"access_token", "tok-post"}, {"expires_in", 60}});
        });
        OAuth2TokenSource source;
        OAuth2Config c = clientCredentials(server);
        c.clientAuth = OAuth2Config::ClientAuth::Post;
        const auto token = call(source, c);
        QVERIFY2(token.ok(), token.ok() ? "" : qPrintable(token.error().message));
        QCOMPARE(token->accessToken, QByteArray("tok-post"));
        QCOMPARE(token->tokenType, QByteArray("Bearer")); // the default when the server omits it
        QCOMPARE(seen.size(), 1);
        QVERIFY(!seen[0].headers.contains("authorization"));
        QCOMPARE(field(seen[0], "client_id"), QString("client-1"));
        QCOMPARE(field(seen[0], "client_secret"), QString("s3cr+t"));
    }

    void passwordGrant()
    {
        QList<RawRequest> seen;
        ScriptedServer server([&](const RawRequest &r) {
            seen.append(r);
            if (field(r, "password") != "p&ss w+rd")
                return jsonResponse(
                    400, {{"error", "invalid_grant"}, {"error_description", "bad credentials"}});
            return jsonResponse(
                200, {{"access_token", "user-" + field(r, "username")}, {"expires_in", 3600}});
        });
        OAuth2TokenSource source;
        OAuth2Config c = clientCredentials(server);
        c.grant = OAuth2Config::Grant::Password;
        c.username = "alice";
        c.password = "p&ss w+rd";
        const auto alice = call(source, c);
        QVERIFY2(alice.ok(), alice.ok() ? "" : qPrintable(alice.error().message));
        QCOMPARE(alice->accessToken, QByteArray("user-alice"));
        QCOMPARE(seen.size(), 1);
        QCOMPARE(field(seen[0], "grant_type"), QString("password"));
        QCOMPARE(field(seen[0], "username"), QString("alice"));
        QCOMPARE(field(seen[0], "scope"), QString("read write"));
        QVERIFY(seen[0].headers.value("authorization").startsWith("Basic "));

        // Cached per user: alice again costs nothing, bob gets his own token.
        QCOMPARE(call(source, c)->accessToken, QByteArray("user-alice"));
        QCOMPARE(seen.size(), 1);
        c.username = "bob";
        QCOMPARE(call(source, c)->accessToken, QByteArray("user-bob"));
        QCOMPARE(seen.size(), 2);

        c.password = "wrong";
        c.username = "carol";
        const auto refused = call(source, c);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains("invalid_grant: bad credentials"),
                 qPrintable(refused.error().message));

        c.username.clear();
        const auto noUser = call(source, c);
        QVERIFY(!noUser.ok());
        QVERIFY(noUser.error().message.contains("username"));
        QCOMPARE(seen.size(), 3); // refused before any request
    }

    void tokensAreCachedPerScope()
    {
        int issued = 0;
        ScriptedServer server([&](const RawRequest &r) {
            ++issued;
            return jsonResponse(
                200, {{"access_token", QString("tok-%1-%2").arg(issued).arg(field(r, "scope"))},
                      {"expires_in", 3600}});
        });
        OAuth2TokenSource source;
        OAuth2Config c = clientCredentials(server);
        const auto first = call(source, c);
        const auto second = call(source, c);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(second->accessToken, first->accessToken);
        QCOMPARE(issued, 1);

        c.scope = "admin";
        const auto other = call(source, c);
        QVERIFY(other.ok());
        QCOMPARE(other->accessToken, QByteArray("tok-2-admin"));
        QCOMPARE(issued, 2);

        source.clear();
        c.scope = "read write";
        QVERIFY(call(source, c).ok());
        QCOMPARE(issued, 3);
    }

    void concurrentCallersShareOneFetch()
    {
        int issued = 0;
        ScriptedServer server([&](const RawRequest &) {
            ++issued;
            return jsonResponse(200, {{"access_token", "shared"}, {"expires_in", 3600}});
        });
        OAuth2TokenSource source;
        const OAuth2Config c = clientCredentials(server);
        std::atomic<int> done{0}, good{0};
        std::vector<std::thread> callers;
        for (int i = 0; i < 4; ++i)
            callers.emplace_back([&] {
                const auto t = source.token(c);
                if (t.ok() && t->accessToken == "shared")
                    ++good;
                ++done;
            });
        const bool finished = QTest::qWaitFor([&] { return done.load() == 4; }, 30000);
        for (std::thread &t : callers)
            t.join();
        QVERIFY(finished);
        QCOMPARE(good.load(), 4);
        QCOMPARE(issued, 1); // the others waited and found the first caller's token
    }

    void expiredTokensAreRefreshedThenRefetched()
    {
        QList<RawRequest> seen;
        bool refuseRefresh = false;
        ScriptedServer server([&](const RawRequest &r) {
            seen.append(r);
            if (field(r, "grant_type") == "refresh_token") {
                if (refuseRefresh)
                    return jsonResponse(400, {{"error", "invalid_grant"}});
                return jsonResponse(200, {{"access_token", "refreshed"}, {"expires_in", 60}});
            }
            return jsonResponse(200, {{"access_token", QString("fresh-%1").arg(seen.size())},
                                      {"expires_in", 60},
                                      {"refresh_token", "r1"}});
        });
        QDateTime now = QDateTime::currentDateTimeUtc();
        OAuth2TokenSource source;
        source.setClock([&now] { return now; });
        const OAuth2Config c = clientCredentials(server);

        QCOMPARE(call(source, c)->accessToken, QByteArray("fresh-1"));
        now = now.addSecs(30); // well inside the 60 s lifetime (15 s margin): reused
        QCOMPARE(call(source, c)->accessToken, QByteArray("fresh-1"));
        QCOMPARE(seen.size(), 1);

        now = now.addSecs(20); // 10 s left: inside the margin, so refreshed
        const auto refreshed = call(source, c);
        QVERIFY2(refreshed.ok(), refreshed.ok() ? "" : qPrintable(refreshed.error().message));
        QCOMPARE(refreshed->accessToken, QByteArray("refreshed"));
        QCOMPARE(refreshed->refreshToken, QByteArray("r1")); // kept: the server sent none
        QCOMPARE(seen.size(), 2);
        QCOMPARE(field(seen[1], "refresh_token"), QString("r1"));

        now = now.addSecs(120);
        refuseRefresh = true; // refused: the grant runs again from scratch
        const auto again = call(source, c);
        QVERIFY(again.ok());
        QCOMPARE(again->accessToken, QByteArray("fresh-4"));
        QCOMPARE(seen.size(), 4);
        QCOMPARE(field(seen[2], "grant_type"), QString("refresh_token"));
        QCOMPARE(field(seen[3], "grant_type"), QString("client_credentials"));
    }

    void endpointErrorsAreReported()
    {
        ScriptedServer server([](const RawRequest &) {
            return jsonResponse(401, {{"error", "invalid_client"},
                                      {"error_description", "Client authentication failed"}});
        });
        OAuth2TokenSource source;
        const auto t = call(source, clientCredentials(server));
        QVERIFY(!t.ok());
        QVERIFY2(t.error().message.contains("401"), qPrintable(t.error().message));
        QVERIFY2(t.error().message.contains("invalid_client: Client authentication failed"),
                 qPrintable(t.error().message));

        ScriptedServer html([](const RawRequest &) { return httpResponse(500, "boom"); });
        const auto t2 = call(source, clientCredentials(html));
        QVERIFY(!t2.ok());
        QVERIFY2(t2.error().message.contains("500: boom"), qPrintable(t2.error().message));

        OAuth2Config missing;
        QVERIFY(!source.token(missing).ok());
    }

    void authorizationCodeWithPkce()
    {
        QList<RawRequest> seen;
        QString challenge;
        ScriptedServer server([&](const RawRequest &r) {
            seen.append(r);
            // The token endpoint checks the verifier against the challenge, as a real one would.
            if (OAuth2TokenSource::codeChallenge(field(r, "code_verifier").toLatin1()) !=
                challenge.toLatin1())
                return jsonResponse(400, {{"error", "invalid_grant"},
                                          {"error_description", "PKCE verification failed"}});
            return jsonResponse(200, {{"access_token", "code-token"}, {"expires_in", 600}});
        });
        CodeFlow flow;
        OAuth2Config c;
        c.grant = OAuth2Config::Grant::AuthorizationCode;
        c.authUrl = "https://auth.backbench.invalid/authorize?audience=api";
        c.tokenUrl = QString(server.url("/token"));
        c.clientId = "public-app";
        c.scope = "openid profile";

        flow.start(c);
        QVERIFY(flow.browserOpened());
        const QUrl authUrl = flow.authUrl();
        const QUrlQuery q(authUrl);
        QCOMPARE(authUrl.host(), QString("auth.backbench.invalid"));
        QCOMPARE(q.queryItemValue("audience"), QString("api"));
        QCOMPARE(q.queryItemValue("response_type"), QString("code"));
        QCOMPARE(q.queryItemValue("client_id"), QString("public-app"));
        QCOMPARE(q.queryItemValue("scope", QUrl::FullyDecoded), QString("openid profile"));
        QCOMPARE(q.queryItemValue("code_challenge_method"), QString("S256"));
        challenge = q.queryItemValue("code_challenge");
        QCOMPARE(challenge.size(), 43); // base64url of 32 bytes, unpadded
        const QString state = q.queryItemValue("state", QUrl::FullyDecoded);
        QVERIFY(state.size() >= 16);
        const QUrl redirect(q.queryItemValue("redirect_uri", QUrl::FullyDecoded));
        QCOMPARE(redirect.host(), QString("127.0.0.1"));
        QCOMPARE(redirect.path(), QString("/callback"));

        HttpClient browser;
        QUrl favicon = redirect;
        favicon.setPath("/favicon.ico");
        QCOMPARE(browse(browser, favicon).status, 404); // ignored; the flow goes on

        QUrl back = redirect;
        back.setQuery(QUrlQuery{{"code", "the-code"}, {"state", state}});
        const HttpResponse page = browse(browser, back);
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        QVERIFY(page.body.contains("close this window"));

        QVERIFY(flow.finished());
        QVERIFY2(flow.result->ok(),
                 flow.result->ok() ? "" : qPrintable(flow.result->error().message));
        QCOMPARE((*flow.result)->accessToken, QByteArray("code-token"));
        QCOMPARE(seen.size(), 1);
        QCOMPARE(field(seen[0], "grant_type"), QString("authorization_code"));
        QCOMPARE(field(seen[0], "code"), QString("the-code"));
        QCOMPARE(field(seen[0], "redirect_uri"), redirect.toString());
        QCOMPARE(field(seen[0], "client_id"), QString("public-app"));
        QCOMPARE(field(seen[0], "code_verifier").size(), 64);
    }

    void wrongStateIsRefused()
    {
        int tokenRequests = 0;
        ScriptedServer server([&](const RawRequest &) {
            ++tokenRequests;
            return jsonResponse(200, {{"access_token", "never"}});
        });
        CodeFlow flow;
        OAuth2Config c;
        c.grant = OAuth2Config::Grant::AuthorizationCode;
        c.authUrl = "https://auth.backbench.invalid/authorize";
        c.tokenUrl = QString(server.url("/token"));
        c.clientId = "app";
        flow.start(c);
        QVERIFY(flow.browserOpened());
        QUrl back(QUrlQuery(flow.authUrl()).queryItemValue("redirect_uri", QUrl::FullyDecoded));
        back.setQuery(QUrlQuery{{"code", "stolen"}, {"state", "forged"}});
        HttpClient browser;
        const HttpResponse page = browse(browser, back);
        QCOMPARE(page.status, 400);
        QVERIFY(page.body.contains("state"));
        QVERIFY(flow.finished());
        QVERIFY(!flow.result->ok());
        QVERIFY2(flow.result->error().message.contains("state"),
                 qPrintable(flow.result->error().message));
        QCOMPARE(tokenRequests, 0);
    }

    void loopbackRedirectFromAUri()
    {
        OAuth2Config c;
        QVERIFY(setLoopbackRedirect(c, "http://127.0.0.1:8765/oauth/done").ok());
        QCOMPARE(c.redirectPort, quint16(8765));
        QCOMPARE(c.redirectPath, QString("/oauth/done"));
        QVERIFY(setLoopbackRedirect(c, "http://localhost/").ok());
        QCOMPARE(c.redirectPort, quint16(0));
        QVERIFY(setLoopbackRedirect(c, "").ok());
        QCOMPARE(c.redirectPath, QString("/callback"));
        const auto remote = setLoopbackRedirect(c, "https://app.backbench.invalid/cb");
        QVERIFY(!remote.ok());
        QVERIFY(remote.error().message.contains("127.0.0.1"));
        QVERIFY(!setLoopbackRedirect(c, "http://10.0.0.1:80/cb").ok());
    }

    void authorizationTimesOut()
    {
        OAuth2TokenSource source;
        bool opened = false;
        source.setOpenBrowser([&](const QUrl &) { opened = true; });
        OAuth2Config c;
        c.grant = OAuth2Config::Grant::AuthorizationCode;
        c.authUrl = "https://auth.backbench.invalid/authorize";
        c.tokenUrl = "http://127.0.0.1:9/token";
        c.clientId = "app";
        c.authorizationTimeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        const auto t = source.token(c); // nobody comes back: no event loop needed here
        QVERIFY(opened);
        QVERIFY(!t.ok());
        QVERIFY2(t.error().message.contains("no authorization redirect"),
                 qPrintable(t.error().message));
        QVERIFY(timer.elapsed() >= 250);
        QVERIFY(timer.elapsed() < 5000);

        source.setOpenBrowser({});
        QVERIFY(!source.token(c).ok()); // no way to open a browser is an error, not a hang
    }
};

QTEST_GUILESS_MAIN(tst_OAuth2)
#include "tst_oauth2.moc"
