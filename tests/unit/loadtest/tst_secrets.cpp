// Credentials in a scenario's headers: which headers count, how their values are masked (scheme
// word kept, {{placeholders}} kept), and how a masked scenario is recognised on its way back.
#include "loadtest/secrets.h"

#include <QTest>

using namespace bb::loadtest;

namespace {
const std::string kMask(kSecretMask);
}

class TestSecrets : public QObject {
    Q_OBJECT
private slots:
    void credentialHeaders_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("credential");
        QTest::newRow("authorization") << "authorization" << true;
        QTest::newRow("Proxy-Authorization") << "Proxy-Authorization" << true;
        QTest::newRow("Cookie") << "Cookie" << true;
        QTest::newRow("X-API-Key") << "X-API-Key" << true;
        QTest::newRow("X-Auth-Token") << "X-Auth-Token" << true;
        QTest::newRow("X-Client-SECRET") << "X-Client-SECRET" << true;
        QTest::newRow("Stripe-Api-Key-Id") << "Stripe-Api-Key-Id" << true;
        QTest::newRow("Accept") << "Accept" << false;
        QTest::newRow("Content-Type") << "Content-Type" << false;
        QTest::newRow("Set-Cookie-ish") << "X-Cookies" << false;
    }
    void credentialHeaders()
    {
        QFETCH(QString, name);
        QFETCH(bool, credential);
        QCOMPARE(isCredentialHeader(name.toStdString()), credential);
    }

    void masksKeepingTheScheme_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("masked");
        const QString m = QString::fromStdString(kMask);
        QTest::newRow("bearer") << "Authorization"
                                << "Bearer eyJhbGciOi.abc"
                                << "Bearer " + m;
        QTest::newRow("basic") << "Authorization"
                               << "Basic dXNlcjpwYXNz"
                               << "Basic " + m;
        QTest::newRow("bare key") << "X-API-Key"
                                  << "k_live_123" << m;
        QTest::newRow("not a scheme") << "X-Token"
                                      << "a1:b2 c3" << m;
        QTest::newRow("cookie") << "Cookie"
                                << "sid=abc; theme=dark"
                                << "sid=" + m + "; theme=" + m;
        QTest::newRow("placeholder") << "Authorization"
                                     << "Bearer {{token}}"
                                     << "Bearer {{token}}";
        QTest::newRow("only placeholder") << "X-API-Key"
                                          << "{{key}}"
                                          << "{{key}}";
        QTest::newRow("empty") << "Authorization"
                               << ""
                               << "";
        QTest::newRow("already masked") << "Authorization"
                                        << "Bearer " + m << "Bearer " + m;
    }
    void masksKeepingTheScheme()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, masked);
        QCOMPARE(QString::fromStdString(maskCredential(name.toStdString(), value.toStdString())),
                 masked);
    }

    void masksAScenarioAndFindsTheMaskAgain()
    {
        Scenario sc;
        RequestSpec r;
        r.url = "http://127.0.0.1:1/x";
        r.headers = {{"Accept", "text/plain"},
                     {"Authorization", "Bearer s3cr3t"},
                     {"X-Session-Token", "{{session}}"}};
        sc.requests = {r};
        sc.dataRows = {{{"session", "row-secret"}, {"id", "7"}}};
        QVERIFY(maskedHeaderNames(sc).empty());

        const Scenario masked = withMaskedCredentials(sc);
        const auto &h = masked.requests.at(0).headers;
        QCOMPARE(h.at(0).second, std::string("text/plain"));
        QCOMPARE(h.at(1).second, "Bearer " + kMask);
        QCOMPARE(h.at(2).second, std::string("{{session}}"));
        // The rows that fill a credential header are credentials too; the others are not.
        QCOMPARE(masked.dataRows.at(0).at("session"), kMask);
        QCOMPARE(masked.dataRows.at(0).at("id"), std::string("7"));
        const auto names = maskedHeaderNames(masked);
        QCOMPARE(names.size(), std::size_t(2));
        QCOMPARE(names.at(0), std::string("Authorization"));
        QCOMPARE(names.at(1), std::string("X-Session-Token"));
        // The original is untouched.
        QCOMPARE(sc.requests.at(0).headers.at(1).second, std::string("Bearer s3cr3t"));
    }

    void environmentNames()
    {
        QCOMPARE(environmentName("Authorization"), std::string("AUTHORIZATION"));
        QCOMPARE(environmentName("X-API-Key"), std::string("X_API_KEY"));
        QCOMPARE(environmentName("x.token"), std::string("X_TOKEN"));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
