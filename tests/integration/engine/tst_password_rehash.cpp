// Raising the Argon2id cost rehashes a password at its owner's next successful login, and only
// then: the stored hash is read straight from the database file between engine starts.
#include "engine_fixture.h"
#include "test_http_client.h"

#include "engine/engine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

namespace {
const QByteArray kEmail = "rehash@example.com";
const QByteArray kPassword = "correct horse battery";
} // namespace

class tst_PasswordRehash : public QObject {
    Q_OBJECT

    QString storedHash(const QString &dataDir)
    {
        QString hash;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                        QStringLiteral("rehash-check"));
            db.setDatabaseName(dataDir + QStringLiteral("/backbench.db"));
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("SELECT password_hash FROM _users WHERE email = ?"));
                q.addBindValue(QString::fromLatin1(kEmail));
                if (q.exec() && q.next())
                    hash = q.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("rehash-check"));
        return hash;
    }

    int login(quint16 port, const QByteArray &password)
    {
        return bbtest::request(port, "POST", "/api/v1/auth/login",
                               R"({"email":")" + kEmail + R"(","password":")" + password + R"("})")
            .status;
    }

private slots:
    void rehashesOnLoginAfterTheCostRises()
    {
        bbtest::EngineFixture fixture;
        auto config = fixture.config();
        config.demo = false;
        qputenv("BACKBENCH_ADMIN_EMAIL", kEmail);
        qputenv("BACKBENCH_ADMIN_PASSWORD", kPassword);
        {
            bb::engine::Engine engine(config);
            auto port = engine.start();
            QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
            QCOMPARE(login(*port, kPassword), 200);
        }
        qunsetenv("BACKBENCH_ADMIN_EMAIL");
        qunsetenv("BACKBENCH_ADMIN_PASSWORD");
        const QString before = storedHash(fixture.dataDir());
        QVERIFY2(before.contains(QLatin1String("$m=19456,t=2,")), qPrintable(before));

        config.passwordIterations = 3;
        bb::engine::Engine engine(config);
        auto port = engine.start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        // A wrong password changes nothing.
        QCOMPARE(login(*port, "wrong password"), 401);
        engine.stop();
        QCOMPARE(storedHash(fixture.dataDir()), before);

        port = engine.start();
        QVERIFY(port.ok());
        QCOMPARE(login(*port, kPassword), 200);
        engine.stop();
        const QString after = storedHash(fixture.dataDir());
        QVERIFY2(after.contains(QLatin1String("$m=19456,t=3,")), qPrintable(after));

        // The new hash still takes the same password.
        port = engine.start();
        QVERIFY(port.ok());
        QCOMPARE(login(*port, kPassword), 200);
    }
};

QTEST_GUILESS_MAIN(tst_PasswordRehash)
#include "tst_password_rehash.moc"
