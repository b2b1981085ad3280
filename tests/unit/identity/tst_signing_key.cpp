// SigningKey: the environment variable's forms, generation with mode 0600, reuse, and refusal
// of a key file others can read.
#include "identity/signing_key.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace bb::identity;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

} // namespace

class TestSigningKey : public QObject {
    Q_OBJECT

private slots:
    void environmentForms_data();
    void environmentForms();
    void environmentWins();
    void generatesOnFirstStart();
    void refusesExposedFile_data();
    void refusesExposedFile();
    void refusesShortFile();
    void readsRealEnvironment();
};

void TestSigningKey::environmentForms_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("bytes"); // -1: refused
    const QByteArray raw(32, '\x8f');
    QTest::newRow("hex") << raw.toHex() << 32;
    QTest::newRow("hex upper") << raw.toHex().toUpper() << 32;
    QTest::newRow("base64") << raw.toBase64() << 32;
    QTest::newRow("base64 unpadded") << raw.toBase64(QByteArray::OmitTrailingEquals) << 32;
    QTest::newRow("base64url") << raw.toBase64(QByteArray::Base64UrlEncoding) << 32;
    QTest::newRow("trailing newline") << raw.toBase64() + '\n' << 32;
    QTest::newRow("64 bytes") << QByteArray(64, 'z').toBase64() << 64;
    QTest::newRow("31 bytes base64") << QByteArray(31, 'z').toBase64() << -1;
    QTest::newRow("31 bytes hex") << QByteArray(31, 'z').toHex() << -1;
    QTest::newRow("a password") << QByteArray("hunter2") << -1;
    QTest::newRow("not base64") << QByteArray(50, '*') << -1;
}

void TestSigningKey::environmentForms()
{
    QFETCH(QByteArray, value);
    QFETCH(int, bytes);
    QTemporaryDir dir;
    const auto key = SigningKey::load(dir.path(), value);
    QCOMPARE(key.ok(), bytes > 0);
    if (key) {
        QCOMPARE(key->bytes().size(), bytes);
        QCOMPARE(key->origin(), SigningKey::Origin::Environment);
    } else {
        QVERIFY(key.error().message.contains(QLatin1String("BACKBENCH_JWT_SECRET")));
        QVERIFY(!key.error().message.contains(QString::fromLatin1(value.trimmed())));
    }
    // The environment never leaves a key file behind.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("jwt.key"))));
}

void TestSigningKey::environmentWins()
{
    QTemporaryDir dir;
    QVERIFY(SigningKey::load(dir.path(), {}));
    const QByteArray raw(40, 'e');
    const auto key = SigningKey::load(dir.path(), raw.toBase64());
    QVERIFY(key);
    QCOMPARE(key->bytes(), raw);
}

void TestSigningKey::generatesOnFirstStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/jwt.key"));
    const auto first = SigningKey::load(dir.filePath(QStringLiteral("sub")), {});
    QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
    QCOMPARE(first->origin(), SigningKey::Origin::Generated);
    QCOMPARE(first->bytes().size(), 32);
    QCOMPARE(int(modeOf(path)), 0600);

    const auto second = SigningKey::loadOrCreateFile(path);
    QVERIFY(second);
    QCOMPARE(second->origin(), SigningKey::Origin::File);
    QCOMPARE(second->bytes(), first->bytes());

    QTemporaryDir other;
    const auto fresh = SigningKey::load(other.path(), {});
    QVERIFY(fresh);
    QVERIFY(fresh->bytes() != first->bytes());
}

void TestSigningKey::refusesExposedFile_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("0644") << 0644;
    QTest::newRow("0640") << 0640;
    QTest::newRow("0604") << 0604;
    QTest::newRow("0620 group-writable") << 0620;
}

void TestSigningKey::refusesExposedFile()
{
    QFETCH(int, mode);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.key"));
    QVERIFY(SigningKey::loadOrCreateFile(path));
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(mode)), 0);
    const auto key = SigningKey::loadOrCreateFile(path);
    QVERIFY(!key);
    QVERIFY2(key.error().message.contains(path), qPrintable(key.error().message));
    QVERIFY(key.error().message.contains(QLatin1String("chmod 600")));
    // Refused, not repaired behind the operator's back.
    QCOMPARE(int(modeOf(path)), mode);
}

void TestSigningKey::refusesShortFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.key"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(16, 's').toBase64());
    f.close();
    QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const auto key = SigningKey::loadOrCreateFile(path);
    QVERIFY(!key);
    QVERIFY(key.error().message.contains(path));
    QVERIFY(key.error().message.contains(QLatin1String("16 bytes")));
}

void TestSigningKey::readsRealEnvironment()
{
    QTemporaryDir dir;
    const QByteArray raw(32, 'r');
    qputenv("BACKBENCH_JWT_SECRET", raw.toHex());
    const auto key = SigningKey::load(dir.path());
    qunsetenv("BACKBENCH_JWT_SECRET");
    QVERIFY(key);
    QCOMPARE(key->bytes(), raw);
    const auto fromFile = SigningKey::load(dir.path());
    QVERIFY(fromFile);
    QCOMPARE(fromFile->origin(), SigningKey::Origin::Generated);
}

QTEST_GUILESS_MAIN(TestSigningKey)
#include "tst_signing_key.moc"
