// PasswordHasher: Argon2id hashing and verification, rehash detection, parameter limits, and
// that an unknown user costs about as much as a wrong password.
#include "identity/password_hasher.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>

using namespace bb::identity;

namespace {

/// Medians of `a` and `b`, timed alternately so that a burst of load on a shared machine
/// lands on both rather than on whichever ran second.
template<typename A, typename B>
std::pair<qint64, qint64> interleavedMedians(A &&a, B &&b, int runs)
{
    QList<qint64> ta, tb;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        a();
        ta.append(t.nsecsElapsed());
        t.restart();
        b();
        tb.append(t.nsecsElapsed());
    }
    std::sort(ta.begin(), ta.end());
    std::sort(tb.begin(), tb.end());
    return {ta.at(runs / 2), tb.at(runs / 2)};
}

} // namespace

class TestPasswordHasher : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void verify_data();
    void verify();
    void rejectsMalformedStored_data();
    void rejectsMalformedStored();
    void saltsDiffer();
    void needsRehash_data();
    void needsRehash();
    void paramLimits_data();
    void paramLimits();
    void dummyVerifyTakesAsLong();

private:
    PasswordHasher m_hasher;
    QByteArray m_stored;
};

void TestPasswordHasher::initTestCase()
{
    auto h = m_hasher.hash(QStringLiteral("correct horse battery staple"));
    QVERIFY(h);
    m_stored = *h;
    QVERIFY2(m_stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), m_stored.constData());
}

void TestPasswordHasher::verify_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("matches");
    QTest::newRow("right") << QStringLiteral("correct horse battery staple") << true;
    QTest::newRow("wrong") << QStringLiteral("correct horse battery stapler") << false;
    QTest::newRow("case") << QStringLiteral("Correct horse battery staple") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("prefix") << QStringLiteral("correct horse") << false;
}

void TestPasswordHasher::verify()
{
    QFETCH(QString, password);
    QFETCH(bool, matches);
    QCOMPARE(m_hasher.verify(password, m_stored), matches);
}

void TestPasswordHasher::rejectsMalformedStored_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("plaintext") << QByteArray("correct horse battery staple");
    QTest::newRow("truncated") << m_stored.left(m_stored.size() - 5);
    QTest::newRow("embedded nul") << m_stored + QByteArray(1, '\0');
    QTest::newRow("too long") << QByteArray(200, '$');
}

void TestPasswordHasher::rejectsMalformedStored()
{
    QFETCH(QByteArray, stored);
    QVERIFY(!m_hasher.verify(QStringLiteral("correct horse battery staple"), stored));
    QVERIFY(PasswordHasher::needsRehash(stored, m_hasher.params()));
}

void TestPasswordHasher::saltsDiffer()
{
    const auto again = m_hasher.hash(QStringLiteral("correct horse battery staple"));
    QVERIFY(again);
    QVERIFY(*again != m_stored);
    QVERIFY(m_hasher.verify(QStringLiteral("correct horse battery staple"), *again));
    // Non-ASCII passwords go in as UTF-8.
    const auto unicode = m_hasher.hash(QString::fromUtf8("pässwörd 🔑"));
    QVERIFY(unicode);
    QVERIFY(m_hasher.verify(QString::fromUtf8("pässwörd 🔑"), *unicode));
    QVERIFY(!m_hasher.verify(QStringLiteral("passwoerd"), *unicode));
}

void TestPasswordHasher::needsRehash_data()
{
    QTest::addColumn<quint64>("memoryBytes");
    QTest::addColumn<quint64>("iterations");
    QTest::addColumn<bool>("expected");
    QTest::newRow("same") << PasswordParams::kMinMemoryBytes << quint64(2) << false;
    QTest::newRow("more memory") << quint64(32ull << 20) << quint64(2) << true;
    QTest::newRow("more iterations") << PasswordParams::kMinMemoryBytes << quint64(3) << true;
}

void TestPasswordHasher::needsRehash()
{
    QFETCH(quint64, memoryBytes);
    QFETCH(quint64, iterations);
    QFETCH(bool, expected);
    QCOMPARE(PasswordHasher::needsRehash(m_stored, {memoryBytes, iterations}), expected);
}

void TestPasswordHasher::paramLimits_data()
{
    QTest::addColumn<quint64>("memoryBytes");
    QTest::addColumn<quint64>("iterations");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("owasp") << quint64(19ull << 20) << quint64(2) << true;
    QTest::newRow("stronger") << quint64(46ull << 20) << quint64(1 + 2) << true;
    QTest::newRow("too little memory") << quint64(16ull << 20) << quint64(2) << false;
    QTest::newRow("one pass") << quint64(19ull << 20) << quint64(1) << false;
}

void TestPasswordHasher::paramLimits()
{
    QFETCH(quint64, memoryBytes);
    QFETCH(quint64, iterations);
    QFETCH(bool, accepted);
    const auto h = PasswordHasher::create({memoryBytes, iterations});
    QCOMPARE(h.ok(), accepted);
    if (!accepted)
        QVERIFY(h.error().message.contains(QLatin1String("OWASP")));
}

void TestPasswordHasher::dummyVerifyTakesAsLong()
{
    // The one timing assertion: it is the security property (no user enumeration by time).
    // Medians of several runs, and a loose 2x band, keep it stable on a busy machine.
    m_hasher.dummyVerify(); // computes the dummy hash once, outside the measurement
    const QString wrong = QStringLiteral("wrong password");
    const int runs = 7;
    const auto [real, dummy] = interleavedMedians([&] { (void)m_hasher.verify(wrong, m_stored); },
                                                  [&] { m_hasher.dummyVerify(); }, runs);
    qInfo("median verify %lld us, dummyVerify %lld us", real / 1000, dummy / 1000);
    QVERIFY2(dummy * 2 >= real && real * 2 >= dummy, "dummyVerify must cost what verify costs");
    // And it is real work, not an early return: Argon2id at 19 MiB takes milliseconds.
    QVERIFY(dummy > 1'000'000);
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_password_hasher.moc"
