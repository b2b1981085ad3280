// ConnectionPasswords against a real Secret Service (under tests/unit/workspace/with_keyring.sh,
// BB_SECRET_EXPECT=persistent) and with no session bus at all (BB_SECRET_EXPECT=session): the
// same calls, with passwords kept in the keychain or for this session only.
#include "dbx/connection_passwords.h"
#include "dbx_test_support.h"
#include <QSignalSpy>
#include <QtTest>

using bb::dbx::ConnectionPasswords;

namespace {

constexpr int kTimeoutMs = 15000;
const QString kService = QStringLiteral("backbench-db-test");

bb::Result<QString> readSync(ConnectionPasswords &p, const QString &id)
{
    std::optional<bb::Result<QString>> out;
    p.read(id, [&](bb::Result<QString> r) { out.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, kTimeoutMs))
        return bb::Error::internal(QStringLiteral("read timed out"));
    return *out;
}

bb::Result<void> doneSync(const std::function<void(ConnectionPasswords::DoneCallback)> &call)
{
    std::optional<bb::Result<void>> out;
    call([&](bb::Result<void> r) { out.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, kTimeoutMs))
        return bb::Error::internal(QStringLiteral("timed out"));
    return *out;
}

} // namespace

class TstConnectionPasswords : public QObject {
    Q_OBJECT
    QString m_expect;

private slots:
    void initTestCase()
    {
        const QByteArray skip = qgetenv("BB_SECRET_SERVICE_SKIP");
        if (!skip.isEmpty())
            QSKIP(skip.constData());
        m_expect = QString::fromLocal8Bit(qgetenv("BB_SECRET_EXPECT"));
        if (m_expect.isEmpty())
            QSKIP("run by ctest: BB_SECRET_EXPECT=persistent under with_keyring.sh, or session");
    }

    void probe()
    {
        ConnectionPasswords p(nullptr, kService);
        QSignalSpy spy(&p, &ConnectionPasswords::persistenceChanged);
        QTRY_VERIFY_WITH_TIMEOUT(p.isKnown(), kTimeoutMs);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(p.isPersistent(), m_expect == u"persistent");
        QCOMPARE(p.sessionOnlyReason().isEmpty(), p.isPersistent());
    }

    void writeReadRemove()
    {
        ConnectionPasswords p(nullptr, kService);
        BB_VERIFY_OK(doneSync([&](auto done) { p.write("profile-1", "pä$$ word", done); }));
        auto r = readSync(p, "profile-1");
        BB_VERIFY_OK(r);
        QCOMPARE(*r, QStringLiteral("pä$$ word"));
        QCOMPARE(readSync(p, "profile-2").error().code, bb::ErrorCode::NotFound);

        // Another instance (the app after a restart) sees it only when the keychain keeps it.
        ConnectionPasswords again(nullptr, kService);
        QCOMPARE(readSync(again, "profile-1").ok(), m_expect == u"persistent");

        BB_VERIFY_OK(doneSync([&](auto done) { p.remove("profile-1", done); }));
        QCOMPARE(readSync(p, "profile-1").error().code, bb::ErrorCode::NotFound);
        BB_VERIFY_OK(doneSync([&](auto done) { p.remove("profile-1", done); })); // idempotent
    }

    // Destroyed while keychain jobs run: nothing calls back into the dead object.
    void destroyedWhileJobsRun()
    {
        for (int i = 0; i < 5; ++i) {
            auto *p = new ConnectionPasswords(nullptr, kService);
            p->write(QStringLiteral("p%1").arg(i), "x", [](bb::Result<void>) {});
            delete p;
        }
        ConnectionPasswords after(nullptr, kService);
        QTRY_VERIFY_WITH_TIMEOUT(after.isKnown(), kTimeoutMs);
        QTest::qWait(200);
        for (int i = 0; i < 5; ++i)
            (void)doneSync([&](auto done) { after.remove(QStringLiteral("p%1").arg(i), done); });
    }
};

QTEST_GUILESS_MAIN(TstConnectionPasswords)
#include "tst_connection_passwords.moc"
