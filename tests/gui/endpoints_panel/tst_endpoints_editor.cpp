// The request editor without a network: URL and Params stay in step, edits mark it dirty, every
// tab's fields reach the request it returns, and unknown {{variables}} are reported.
#include "auth_editor.h"
#include "body_editor.h"
#include "client/http_types.h"
#include "environment_dialog.h"
#include "environment_model.h"
#include "history_har.h"
#include "import_export.h"
#include "key_value_model.h"
#include "request_editor.h"
#include "settings_editor.h"
#include "tester_actions.h"
#include "url_query.h"
#include "variable_changes.h"

#include <QComboBox>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace bb::plugins::endpoints;
using bb::workspace::HttpRequest;
using bb::workspace::KeyValue;

class TestEndpointsEditor : public QObject {
    Q_OBJECT
private slots:
    // libcurl's cumulative times become HAR's consecutive phases (connect includes ssl).
    void harTimingsFollowOneAnother()
    {
        bb::client::PhaseTimings t;
        t.dnsUs = 1000;
        t.connectUs = 3000;
        t.tlsUs = 7000;
        t.preTransferUs = 7100;
        t.ttfbUs = 9100;
        t.totalUs = 10100;
        const bb::workspace::HarTimings tls = harTimings(t);
        QCOMPARE(tls.dns, 1.0);
        QCOMPARE(tls.connect, 6.0);
        QCOMPARE(tls.ssl, 4.0);
        QCOMPARE(tls.send, 0.1);
        QCOMPARE(tls.wait, 2.0);
        QCOMPARE(tls.receive, 1.0);

        // plain http on a reused connection: no dns, connect or ssl phase
        t = {};
        t.dnsUs = 0;
        t.connectUs = 0;
        t.tlsUs = 0;
        t.preTransferUs = 50;
        t.ttfbUs = 1050;
        t.totalUs = 1550;
        const bb::workspace::HarTimings reused = harTimings(t);
        QCOMPARE(reused.dns, -1.0);
        QCOMPARE(reused.connect, -1.0);
        QCOMPARE(reused.ssl, -1.0);
        QCOMPARE(reused.send, 0.05);
        QCOMPARE(reused.wait, 1.0);
        QCOMPARE(reused.receive, 0.5);
    }

    void scriptChangesApplyToTheScopeAsItIsNow()
    {
        using bb::workspace::KeyValue;
        const QList<KeyValue> before{{"a", "1", true}, {"b", "2", true}, {"t", "token", true}};
        // The script changed a, removed b, added c; t (ignored) "vanished" too.
        const QList<KeyValue> after{{"a", "10", true}, {"c", "3", true}};
        // Meanwhile another send stored d and changed b.
        const QList<KeyValue> now{
            {"a", "1", true}, {"b", "20", true}, {"d", "4", true}, {"t", "token", true}};
        const QList<KeyValue> expected{
            {"a", "10", true}, {"d", "4", true}, {"t", "token", true}, {"c", "3", true}};
        QCOMPARE(withChanges(now, before, after, {"t"}), expected);
        // Nothing changed: nothing applied, whatever the scope holds now.
        QCOMPARE(withChanges(now, before, before), now);
        QCOMPARE(withChanges(now, {}, {}), now);
    }

    void queryItemsRoundTrip()
    {
        const QString url = QStringLiteral("{{baseUrl}}/posts?a=1&b=x%26y&c#top");
        const auto items = queryItems(url);
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[1].value, QStringLiteral("x&y"));
        QCOMPARE(items[2].name, QStringLiteral("c"));
        QCOMPARE(withQueryItems(url, items), url);
        QCOMPARE(withQueryItems(QStringLiteral("http://h/p?x=1#f"), {}),
                 QStringLiteral("http://h/p#f"));
    }

    void urlAndParamsStayInStep()
    {
        RequestEditor editor;
        editor.setRequest({});
        editor.urlEdit()->setText(QStringLiteral("http://127.0.0.1/x?q=1&page=2"));
        QCOMPARE(editor.paramsModel()->items().size(), 2);
        QCOMPARE(editor.paramsModel()->items()[1].value, QStringLiteral("2"));

        // Editing the table rewrites the URL; switching a row off takes it out of the URL but
        // keeps it in the table and in the saved request.
        KeyValueModel *params = editor.paramsModel();
        params->setData(params->index(0, KeyValueModel::ValueColumn), QStringLiteral("{{term}}"));
        QCOMPARE(editor.urlEdit()->text(), QStringLiteral("http://127.0.0.1/x?q={{term}}&page=2"));
        params->setData(params->index(1, 0), Qt::Unchecked, Qt::CheckStateRole);
        QCOMPARE(editor.urlEdit()->text(), QStringLiteral("http://127.0.0.1/x?q={{term}}"));
        QCOMPARE(params->items().size(), 2);
        const HttpRequest r = editor.request();
        QCOMPARE(r.query.size(), 1);
        QCOMPARE(r.query[0].name, QStringLiteral("page"));
        QVERIFY(!r.query[0].enabled);

        // A new row typed into the placeholder row joins the URL.
        params->setData(params->index(2, 0), QStringLiteral("new"));
        QVERIFY(editor.urlEdit()->text().endsWith(QStringLiteral("&new")));
    }

    void separateQueryJoinsTheUrlOnLoad()
    {
        HttpRequest r;
        r.url = QStringLiteral("http://h/p?a=1");
        r.query = {{QStringLiteral("b"), QStringLiteral("2"), true},
                   {QStringLiteral("off"), QStringLiteral("3"), false}};
        RequestEditor editor;
        editor.setRequest(r);
        QCOMPARE(editor.urlEdit()->text(), QStringLiteral("http://h/p?a=1&b=2"));
        QCOMPARE(editor.paramsModel()->items().size(), 3);
        QVERIFY(!editor.isDirty());
    }

    void editsMarkDirtyAndSavingClearsIt()
    {
        HttpRequest r;
        r.name = QStringLiteral("List posts");
        r.url = QStringLiteral("http://h/posts");
        RequestEditor editor;
        editor.setRequest(r);
        QSignalSpy dirty(&editor, &RequestEditor::dirtyChanged);
        QVERIFY(!editor.isDirty());
        editor.methodCombo()->setCurrentText(QStringLiteral("post"));
        QVERIFY(editor.isDirty());
        QCOMPARE(dirty.size(), 1);
        QCOMPARE(editor.request().method, QStringLiteral("POST"));
        QCOMPARE(editor.request().name, QStringLiteral("List posts"));
        editor.methodCombo()->setCurrentText(QStringLiteral("GET"));
        QVERIFY(!editor.isDirty()); // back to the saved state
        editor.methodCombo()->setCurrentText(QStringLiteral("PROPFIND"));
        editor.markSaved();
        QVERIFY(!editor.isDirty());
        QCOMPARE(dirty.last().at(0).toBool(), false);
    }

    void everyTabReachesTheRequest()
    {
        HttpRequest r;
        r.url = QStringLiteral("http://h/");
        r.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true},
                     {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
        r.body.kind = bb::workspace::Body::Kind::Raw;
        r.body.contentType = QStringLiteral("application/json");
        r.body.text = QStringLiteral("{\"a\":1}");
        r.auth.kind = bb::workspace::Auth::Kind::ApiKey;
        r.auth.keyName = QStringLiteral("X-API-Key");
        r.auth.keyValue = QStringLiteral("{{key}}");
        r.auth.keyIn = bb::workspace::Auth::ApiKeyIn::Query;
        r.preRequestScript = QStringLiteral("pm.variables.set('a', 1);");
        r.testScript = QStringLiteral("pm.test('ok', () => {});");
        bb::workspace::RequestSettings s;
        s.timeoutMs = 1500;
        s.verifyTls = false;
        s.httpVersion = QStringLiteral("2");
        r.settings = s;
        RequestEditor editor;
        editor.setRequest(r);
        QCOMPARE(editor.request(), r);

        // Inheriting drops the request's own settings.
        editor.settingsEditor()->setSettings(std::nullopt);
        QVERIFY(!editor.request().settings.has_value());

        bb::workspace::Body form;
        form.kind = bb::workspace::Body::Kind::Multipart;
        form.fields = {{QStringLiteral("title"), QStringLiteral("x"), {}, {}, true},
                       {QStringLiteral("upload"), {}, QStringLiteral("/tmp/a.bin"), {}, true}};
        editor.bodyEditor()->setBody(form);
        QCOMPARE(editor.request().body.fields, form.fields);

        bb::workspace::Auth oauth;
        oauth.kind = bb::workspace::Auth::Kind::OAuth2;
        oauth.grantType = QStringLiteral("authorization_code");
        oauth.tokenUrl = QStringLiteral("http://127.0.0.1/token");
        oauth.clientId = QStringLiteral("cli");
        oauth.pkce = false;
        editor.authEditor()->setAuth(oauth);
        QCOMPARE(editor.request().auth, oauth);
    }

    void unresolvedVariablesAreNamed()
    {
        RequestEditor editor;
        editor.setRequest({});
        editor.setLookup([](const QString &name) -> std::optional<QString> {
            if (name == QLatin1String("baseUrl"))
                return QStringLiteral("http://127.0.0.1:1");
            return std::nullopt;
        });
        editor.urlEdit()->setText(QStringLiteral("{{baseUrl}}/x/{{ id }}?k={{baseUrl}}"));
        QCOMPARE(editor.urlEdit()->unresolvedNames(), QStringList{QStringLiteral("id")});
        QCOMPARE(variableRefs(QStringLiteral("{{ }}{{a}}")).size(), 1);
    }

    void environmentDialogEditsRenamesAndRemoves()
    {
        QList<bb::workspace::Environment> envs{
            {QStringLiteral("Local"),
             {{QStringLiteral("baseUrl"), QStringLiteral("http://a"), true, false}}},
            {QStringLiteral("Old"), {}}};
        EnvironmentDialog dialog(envs, QStringLiteral("Local"));
        EnvironmentModel *model = dialog.model();
        QCOMPARE(model->variables().size(), 1);
        // Type a new secret variable into the trailing row.
        QVERIFY(model->setData(model->index(1, EnvironmentModel::NameColumn), "apiKey"));
        QVERIFY(model->setData(model->index(1, EnvironmentModel::ValueColumn), "s3cret"));
        QVERIFY(model->setData(model->index(1, EnvironmentModel::SecretColumn), Qt::Checked,
                               Qt::CheckStateRole));
        // A secret's value is masked in the table.
        QVERIFY(!model->data(model->index(1, EnvironmentModel::ValueColumn))
                     .toString()
                     .contains("s3cret"));
        dialog.list()->item(1)->setText(QStringLiteral("Staging")); // rename "Old"
        dialog.addEnvironment(QStringLiteral("Staging"));           // made unique
        const auto edited = dialog.environments();
        QCOMPARE(edited.size(), 3);
        QCOMPARE(edited[0].variables.size(), 2);
        QVERIFY(edited[0].variables[1].secret);
        QCOMPARE(edited[0].variables[1].value, QStringLiteral("s3cret"));
        QCOMPARE(edited[1].name, QStringLiteral("Staging"));
        QCOMPARE(edited[2].name, QStringLiteral("Staging 2"));
        QCOMPARE(dialog.removedNames(), QStringList{QStringLiteral("Old")});
    }

    void importWarningsAreListedByWhere()
    {
        auto report = importData(ImportFormat::Curl,
                                 "curl -k --proxy http://127.0.0.1:3128 http://127.0.0.1/x",
                                 QStringLiteral("Pasted"));
        QVERIFY(report);
        QVERIFY(!report->collection.name.isEmpty()); // the importer names it after the request
        QVERIFY(!report->warnings.isEmpty());
        ImportWarningsDialog dialog(report->collection.name, report->warnings);
        QCOMPARE(dialog.list()->topLevelItemCount(), int(report->warnings.size()));
        QCOMPARE(dialog.list()->topLevelItem(0)->text(0), report->warnings[0].where);

        auto bad = importFile(ImportFormat::Postman, QStringLiteral("/nonexistent/x.json"));
        QVERIFY(!bad);
        QVERIFY(bad.error().message.contains(QStringLiteral("/nonexistent/x.json")));
    }

    void openInTesterArgumentsBecomeARequest()
    {
        const auto r = requestFromVariant(
            {{"method", "patch"},
             {"url", " http://127.0.0.1/a "},
             {"headers",
              QVariantList{"X-A: 1",
                           QVariantMap{{"name", "X-B"}, {"value", "2"}, {"enabled", false}}}},
             {"body", "{}"},
             {"contentType", "application/json"}});
        QCOMPARE(r.method, QStringLiteral("PATCH"));
        QCOMPARE(r.url, QStringLiteral("http://127.0.0.1/a"));
        QCOMPARE(r.headers.size(), 2);
        QCOMPARE(r.headers[0].value, QStringLiteral("1"));
        QVERIFY(!r.headers[1].enabled);
        QCOMPARE(r.body.kind, bb::workspace::Body::Kind::Raw);
        QCOMPARE(requestFromVariant(requestToVariant(r)), r);
    }

    void sendBecomesCancelWhileRunning()
    {
        RequestEditor editor;
        editor.setRequest({});
        QSignalSpy send(&editor, &RequestEditor::sendRequested);
        QSignalSpy cancel(&editor, &RequestEditor::cancelRequested);
        editor.sendButton()->click();
        QCOMPARE(send.size(), 1);
        editor.setRunning(true);
        QCOMPARE(editor.sendButton()->text(), QStringLiteral("Cancel"));
        editor.sendButton()->click();
        QCOMPARE(cancel.size(), 1);
        QCOMPARE(send.size(), 1);
    }
};

QTEST_MAIN(TestEndpointsEditor)
#include "tst_endpoints_editor.moc"
