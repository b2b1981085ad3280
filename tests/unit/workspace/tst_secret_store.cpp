// SecretStore against a real Secret Service (ctest runs this binary under with_keyring.sh with
// BB_SECRET_EXPECT=persistent) and with no session bus at all (BB_SECRET_EXPECT=session): the
// session-only fallback. Either way a secret's value never reaches the environment file.
#include "workspace/secret_store.h"
#include "workspace/workspace_store.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::workspace;

namespace {

// Runs the event loop until an async call answers (bounded by QTRY's timeout).
struct Wait {
    bool done = false;
    bb::Result<QString> value = bb::Error::internal(QStringLiteral("no answer"));
    bb::Result<void> status;
};

constexpr int kTimeoutMs = 20000;

} // namespace

class TestSecretStore : public QObject {
    Q_OBJECT

    QString m_expect;
    QTemporaryDir m_tmp;

    bb::Result<QString> readSync(SecretStore &s, const QString &env, const QString &var)
    {
        auto w = std::make_shared<Wait>();
        s.read(env, var, [w](bb::Result<QString> r) {
            w->value = std::move(r);
            w->done = true;
        });
        if (!QTest::qWaitFor([&] { return w->done; }, kTimeoutMs))
            return bb::Error::internal(QStringLiteral("read timed out"));
        return w->value;
    }
    bb::Result<void> writeSync(SecretStore &s, const QString &env, const QString &var,
                               const QString &value)
    {
        auto w = std::make_shared<Wait>();
        s.write(env, var, value, [w](bb::Result<void> r) {
            w->status = std::move(r);
            w->done = true;
        });
        if (!QTest::qWaitFor([&] { return w->done; }, kTimeoutMs))
            return bb::Error::internal(QStringLiteral("write timed out"));
        return w->status;
    }
    bb::Result<void> removeSync(SecretStore &s, const QString &env, const QString &var)
    {
        auto w = std::make_shared<Wait>();
        s.remove(env, var, [w](bb::Result<void> r) {
            w->status = std::move(r);
            w->done = true;
        });
        if (!QTest::qWaitFor([&] { return w->done; }, kTimeoutMs))
            return bb::Error::internal(QStringLiteral("remove timed out"));
        return w->status;
    }

private slots:
    void initTestCase()
    {
        const QByteArray skip = qgetenv("BB_SECRET_SERVICE_SKIP");
        if (!skip.isEmpty())
            QSKIP(skip.constData());
        m_expect = QString::fromLocal8Bit(qgetenv("BB_SECRET_EXPECT"));
        if (m_expect.isEmpty())
            QSKIP("run by ctest: BB_SECRET_EXPECT=persistent under with_keyring.sh, or session");
        qInfo("expecting %s secrets", qPrintable(m_expect));
    }

    void probeTellsWhetherSecretsPersist()
    {
        SecretStore s(m_tmp.path());
        QSignalSpy spy(&s, &SecretStore::persistenceChanged);
        QTRY_VERIFY_WITH_TIMEOUT(s.isKnown(), kTimeoutMs);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(s.isPersistent(), m_expect == u"persistent");
        QCOMPARE(s.sessionOnlyReason().isEmpty(), s.isPersistent());
        if (!s.isPersistent())
            qInfo("session-only because: %s", qPrintable(s.sessionOnlyReason()));
    }

    void writeReadRemove()
    {
        SecretStore s(m_tmp.path());
        QVERIFY(writeSync(s, QStringLiteral("Staging"), QStringLiteral("apiKey"),
                          QStringLiteral("s3cr3t ✓"))
                    .ok());
        auto r = readSync(s, QStringLiteral("Staging"), QStringLiteral("apiKey"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(*r, QStringLiteral("s3cr3t ✓"));

        // keyed by workspace + environment + variable
        QCOMPARE(readSync(s, QStringLiteral("Prod"), QStringLiteral("apiKey")).error().code,
                 bb::ErrorCode::NotFound);
        SecretStore other(m_tmp.path() + QStringLiteral("/other"));
        QCOMPARE(readSync(other, QStringLiteral("Staging"), QStringLiteral("apiKey")).error().code,
                 bb::ErrorCode::NotFound);
        // names with the separator do not collide
        QVERIFY(
            SecretStore::keyFor(QStringLiteral("w"), QStringLiteral("a/b"), QStringLiteral("c")) !=
            SecretStore::keyFor(QStringLiteral("w"), QStringLiteral("a"), QStringLiteral("b/c")));

        // a second store on the same workspace sees it only if the keychain holds it
        SecretStore again(m_tmp.path());
        auto seen = readSync(again, QStringLiteral("Staging"), QStringLiteral("apiKey"));
        QCOMPARE(seen.ok(), m_expect == u"persistent");

        QVERIFY(removeSync(s, QStringLiteral("Staging"), QStringLiteral("apiKey")).ok());
        QCOMPARE(readSync(s, QStringLiteral("Staging"), QStringLiteral("apiKey")).error().code,
                 bb::ErrorCode::NotFound);
        QVERIFY(removeSync(s, QStringLiteral("Staging"), QStringLiteral("apiKey")).ok());
    }

    // The environment file keeps the secret's name; the value goes to the SecretStore, and
    // fill() puts it back for sending.
    void environmentFileNeverHoldsTheValue()
    {
        QTemporaryDir dir;
        auto ws = WorkspaceStore::open(dir.path());
        QVERIFY(ws.ok());
        const QString value = QStringLiteral("tok-%1").arg(QDateTime::currentMSecsSinceEpoch());
        Environment env{
            QStringLiteral("Local"),
            {{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:1"), true, false},
             {QStringLiteral("token"), value, true, true}}};
        SecretStore secrets((*ws)->rootDir());
        QVERIFY((*ws)->saveEnvironment(env).ok());
        QVERIFY(writeSync(secrets, env.name, QStringLiteral("token"), value).ok());
        QFile f(dir.filePath(QStringLiteral("environments/local.env.yaml")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(!text.contains(value.toUtf8()));
        QVERIFY(text.contains("name: token"));

        const Environment stored = (*ws)->environments().first();
        QCOMPARE(stored.variables.at(1).value, QString());
        bool filled = false;
        Environment result;
        secrets.fill(stored, [&](Environment e) {
            result = std::move(e);
            filled = true;
        });
        QVERIFY(!filled); // never inside the call
        QTRY_VERIFY_WITH_TIMEOUT(filled, kTimeoutMs);
        QCOMPARE(result.variables.at(1).value, value);
        QCOMPARE(result.variables.at(0), env.variables.at(0));
        QVERIFY(removeSync(secrets, env.name, QStringLiteral("token")).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secret_store.moc"
