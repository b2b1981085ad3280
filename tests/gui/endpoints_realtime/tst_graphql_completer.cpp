// GraphQlCompleter on a QPlainTextEdit: the schema fetched by introspection from a scripted
// server, then completions popping on '{', Ctrl+Space and as a word is typed.
#include "graphql_completer.h"
#include "scripted_server.h"

#include "client/http_client.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace bb::endpoints;
using bbtest::httpResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

class tst_GraphQlCompleter : public QObject {
    Q_OBJECT

    QByteArray m_introspection;

    static QStringList shown(QCompleter *c)
    {
        QStringList out;
        for (int i = 0; i < c->completionCount(); ++i) {
            c->setCurrentRow(i);
            out << c->currentCompletion();
        }
        c->setCurrentRow(0);
        return out;
    }

private slots:
    void initTestCase()
    {
        QFile f(QStringLiteral(BB_SOURCE_DIR "/tests/unit/client/data/blog_introspection.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_introspection = f.readAll();
    }

    void fetchesAndCompletes()
    {
        QByteArray seenAuth, seenQuery;
        ScriptedServer server([&](const RawRequest &r) {
            seenAuth = r.headers.value("authorization");
            seenQuery = QJsonDocument::fromJson(r.body).object()["query"].toString().toUtf8();
            return httpResponse(200, m_introspection, {{"Content-Type", "application/json"}});
        });
        bb::client::HttpClient client;
        QPlainTextEdit editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.activateWindow();
        editor.setFocus();
        GraphQlCompleter completer(&editor, &client);
        QSignalSpy loaded(&completer, &GraphQlCompleter::schemaLoaded);
        completer.fetchSchema(QString(server.url("/graphql")), {{"Authorization", "Bearer g"}});
        QVERIFY(QTest::qWaitFor([&] { return loaded.size() == 1; }, 10000));
        QCOMPARE(seenAuth, QByteArray("Bearer g"));
        QVERIFY(seenQuery.contains("__schema"));
        QVERIFY(completer.hasSchema());
        QAbstractItemView *popup = completer.completer()->popup();

        // Typing "{" pops the Query fields.
        QTest::keyClicks(&editor, "{");
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QVERIFY(shown(completer.completer()).contains("posts"));
        QVERIFY(shown(completer.completer()).contains("me"));
        QTest::keyClick(popup, Qt::Key_Escape);
        QVERIFY(!popup->isVisible());

        // Ctrl+Space inside a nested set offers that type's fields, narrowed by the word typed.
        editor.setPlainText("{ posts(first: 2) { author { na");
        editor.moveCursor(QTextCursor::End);
        QTest::keyClick(&editor, Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QCOMPARE(shown(completer.completer()), QStringList{"name"});
        QTest::keyClick(popup, Qt::Key_Return);
        QVERIFY(!popup->isVisible());
        QCOMPARE(editor.toPlainText(), QString("{ posts(first: 2) { author { name"));

        // A space after a field inside a selection set pops again; Return picks, no new line.
        QTest::keyClicks(&editor, " ");
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QVERIFY(shown(completer.completer()).contains("email"));
        QTest::keyClicks(popup, "em");
        QVERIFY(
            QTest::qWaitFor([&] { return completer.completer()->completionCount() == 1; }, 5000));
        QTest::keyClick(popup, Qt::Key_Return);
        QCOMPARE(editor.toPlainText(), QString("{ posts(first: 2) { author { name email"));

        // An enum argument's values pop after its ':'; Return inserts the first.
        editor.setPlainText("{ posts(first: 2, orderBy");
        editor.moveCursor(QTextCursor::End);
        QTest::keyClicks(&editor, ":");
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QCOMPARE(shown(completer.completer()), QStringList({"NEWEST", "OLDEST"}));
        QTest::keyClick(popup, Qt::Key_Escape);
        QTest::keyClicks(&editor, " ");
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QTest::keyClicks(popup, "O");
        QVERIFY(QTest::qWaitFor(
            [&] { return popup->isVisible() && completer.completer()->completionCount() == 1; },
            5000));
        QTest::keyClick(popup, Qt::Key_Return);
        QCOMPARE(editor.toPlainText(), QString("{ posts(first: 2, orderBy: OLDEST"));

        // Inside an input object's braces: its fields; a Boolean field: true and false.
        editor.setPlainText("mutation { createPost(input: ");
        editor.moveCursor(QTextCursor::End);
        QTest::keyClicks(&editor, "{");
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QCOMPARE(shown(completer.completer()),
                 QStringList({"title", "body", "tags", "published", "visibleTo", "meta"}));
        QTest::keyClick(popup, Qt::Key_Escape);
        QTest::keyClicks(&editor, "published: ");
        QVERIFY(QTest::qWaitFor([&] { return popup->isVisible(); }, 5000));
        QCOMPARE(shown(completer.completer()), QStringList({"true", "false"}));
        QTest::keyClick(popup, Qt::Key_Escape);

        // Where nothing fits (an argument's value) nothing pops.
        editor.setPlainText("{ posts(first:");
        editor.moveCursor(QTextCursor::End);
        QVERIFY(!completer.complete());
        QVERIFY(!popup->isVisible());
    }

    void failuresAreReported()
    {
        ScriptedServer refusing([](const RawRequest &) {
            return httpResponse(200, R"({"errors":[{"message":"introspection disabled"}]})");
        });
        ScriptedServer broken([](const RawRequest &) { return httpResponse(502, "bad gateway"); });
        bb::client::HttpClient client;
        QPlainTextEdit editor;
        GraphQlCompleter completer(&editor, &client);
        QSignalSpy failed(&completer, &GraphQlCompleter::schemaFailed);
        completer.fetchSchema(QString(refusing.url("/graphql")));
        QVERIFY(QTest::qWaitFor([&] { return failed.size() == 1; }, 10000));
        QVERIFY2(failed[0][0].toString().contains("introspection disabled"),
                 qPrintable(failed[0][0].toString()));
        completer.fetchSchema(QString(broken.url("/graphql")));
        QVERIFY(QTest::qWaitFor([&] { return failed.size() == 2; }, 10000));
        QVERIFY(failed[1][0].toString().contains("502"));
        QVERIFY(!completer.hasSchema());
        QVERIFY(!completer.complete()); // no schema: nothing to offer, no crash
    }
};

QTEST_MAIN(tst_GraphQlCompleter)
#include "tst_graphql_completer.moc"
