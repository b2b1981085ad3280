// The users table with 100,000 users on a real engine: the model holds a bounded number of rows
// however far the view scrolls, the last row loads on a jump, and search narrows on the server.
// Behaviour only; how fast belongs to the benchmarks.
#include "access_widget.h"
#include "shell/shell_context.h"
#include "tst_access_engine.h"
#include "user_list_model.h"
#include "users_view.h"

#include <QJsonArray>
#include <QLineEdit>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace bb;
using namespace bb::plugins::access;

namespace {
constexpr int kUsers = 100'000;

/// Straight into the stopped engine's SQLite file, in one transaction: the admin API would
/// hash 100,000 passwords, which is not what this test is about.
bool bulkInsert(const QString &file, QString *error)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "bulk");
        db.setDatabaseName(file);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            db.transaction();
            QSqlQuery q(db);
            q.prepare("INSERT INTO _users (email, password_hash, display_name) VALUES (?, '', ?)");
            ok = true;
            for (int i = 0; i < kUsers && ok; ++i) {
                q.addBindValue(QStringLiteral("bulk%1@load.test").arg(i, 6, 10, QLatin1Char('0')));
                q.addBindValue(QStringLiteral("Load %1").arg(i));
                ok = q.exec();
            }
            if (!ok)
                *error = q.lastError().text();
            ok = ok && db.commit();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase("bulk");
    return ok;
}
} // namespace

class TestAccessScale : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QString error;
        // First start creates the schema (and the demo data); then add the users offline.
        QVERIFY2(m_engine.start(&error), qPrintable(error));
        m_engine.stop();
        QVERIFY2(bulkInsert(m_engine.databaseFile(), &error), qPrintable(error));
        QVERIFY2(m_engine.start(&error), qPrintable(error));
    }

    void aHundredThousandUsersStayPagedAndBounded()
    {
        shell::ShellContext context(nullptr);
        context.setTarget(
            {QStringLiteral("Test engine"), m_engine.baseUrl(), m_engine.token(), false});
        AccessWidget panel(context);
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        UsersView *users = panel.usersView();
        UserListModel *model = users->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->totalItems() >= kUsers, 15000);
        QCOMPARE(model->rowCount(), int(model->totalItems()));

        int peak = 0;
        connect(model, &QAbstractItemModel::dataChanged, this,
                [&] { peak = qMax(peak, model->cachedRowCount()); });
        QTableView *table = users->table();
        QScrollBar *bar = table->verticalScrollBar();
        QTRY_VERIFY(model->isRowLoaded(0));
        // Scroll down in big jumps, letting each viewport load, as a user dragging the thumb.
        for (int step = 1; step <= 30; ++step) {
            bar->setValue(bar->maximum() * step / 30);
            const int top = table->rowAt(0);
            QVERIFY(top >= 0);
            QTRY_VERIFY2_WITH_TIMEOUT(model->isRowLoaded(top),
                                      qPrintable(QString("row %1").arg(top)), 10000);
            QVERIFY2(model->cachedRowCount() <= model->maxCachedRows(),
                     qPrintable(QString::number(model->cachedRowCount())));
        }
        QVERIFY2(peak <= model->maxCachedRows(), qPrintable(QString::number(peak)));
        QVERIFY(peak > 0);

        // Jump to the very last row: it loads, and it is the last user by email.
        table->scrollToBottom();
        const int last = model->rowCount() - 1;
        QTRY_VERIFY_WITH_TIMEOUT(model->isRowLoaded(last), 10000);
        QCOMPARE(model->index(last, UserListModel::EmailColumn).data().toString(),
                 m_engine
                     .admin("GET",
                            QString("/api/admin/users?perPage=1&page=%1").arg(model->totalItems()))
                     .json()
                     .value("items")
                     .toArray()
                     .first()
                     .toObject()
                     .value("email")
                     .toString());
        QVERIFY(model->cachedRowCount() <= model->maxCachedRows());
        QVERIFY(!model->isRowLoaded(0)); // the far end was evicted

        // Search narrows the count on the server: bulk099990 … bulk099999.
        users->searchField()->setText("bulk09999");
        QTRY_COMPARE_WITH_TIMEOUT(model->totalItems(), qint64(10), 10000);
        QCOMPARE(model->rowCount(), 10);
        QTRY_VERIFY(model->isRowLoaded(9));
        QCOMPARE(model->index(0, 0).data().toString(), QString("bulk099990@load.test"));
        users->searchField()->setText("load 4242");
        QTRY_COMPARE_WITH_TIMEOUT(model->totalItems(), qint64(11), 10000); // 4242, 42420–42429
    }

private:
    bbtest::AccessEngine m_engine;
};

QTEST_MAIN(TestAccessScale)
#include "tst_accessscale.moc"
