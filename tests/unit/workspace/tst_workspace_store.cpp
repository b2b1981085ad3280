// WorkspaceStore: every operation keeps the files and the tree in step (checked by reopening),
// importer output survives the trip to disk, and broken files are reported, not fatal.
#include "fixture_p.h"
#include "workspace/curl.h"
#include "workspace/har.h"
#include "workspace/http_file.h"
#include "workspace/openapi.h"
#include "workspace/postman.h"
#include "workspace/workspace_file.h"
#include "workspace/workspace_store.h"
#include "workspace/yaml_tree_p.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace bb::workspace;

namespace {

std::unique_ptr<WorkspaceStore> openOk(const QString &dir)
{
    auto s = WorkspaceStore::open(dir);
    if (!s)
        qFatal("open failed: %s", qPrintable(s.error().message));
    return std::move(s).value();
}

// What a collection looks like after the trip: root variables are the collection's, the root
// folder carries the collection's name, a nameless collection is called "Imported".
Collection normalized(Collection c)
{
    if (c.name.isEmpty())
        c.name = QStringLiteral("Imported");
    c.variables += c.root.variables;
    c.root.variables.clear();
    c.root.name = c.name;
    return c;
}

HttpRequest sample(const QString &name)
{
    HttpRequest r;
    r.name = name;
    r.method = QStringLiteral("POST");
    r.url = QStringLiteral("{{baseUrl}}/pets?limit=10");
    r.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json"), true},
                 {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
    r.body.kind = Body::Kind::Raw;
    r.body.contentType = QStringLiteral("application/json");
    r.body.text = QStringLiteral("{\n  \"name\": \"Rex\",\n  \"tags\": [\"a\"]\n}");
    r.testScript =
        QStringLiteral("pm.test('ok', () => {\n  pm.response.to.have.status(201);\n});\n");
    r.variables = {{QStringLiteral("id"), QStringLiteral("42"), true}};
    return r;
}

} // namespace

class TestWorkspaceStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_n = 0;
    QString freshDir() { return m_tmp.filePath(QStringLiteral("ws%1").arg(++m_n)); }

    // The in-memory tree must be what a fresh open of the same folder sees.
    void checkConsistent(const WorkspaceStore &s)
    {
        auto again = WorkspaceStore::open(s.rootDir());
        QVERIFY(again.ok());
        QCOMPARE((*again)->root(), s.root());
        QVERIFY2((*again)->problems().isEmpty(), qPrintable((*again)->problems().value(0).message));
    }

    void roundTrip(const Collection &c)
    {
        const QString dir = freshDir();
        QString id;
        {
            auto s = openOk(dir);
            auto r = s->importCollection(c);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            id = *r;
        }
        auto s = openOk(dir);
        QVERIFY2(s->problems().isEmpty(), qPrintable(s->problems().value(0).message));
        auto back = s->collection(id);
        QVERIFY(back.ok());
        const Collection want = normalized(c);
        QCOMPARE(back->root.requestCount(), want.root.requestCount());
        QCOMPARE(back->root.folders.size(), want.root.folders.size());
        QVERIFY(*back == want);
    }

private slots:
    void writerRoundTripsAwkwardStrings_data()
    {
        QTest::addColumn<QString>("text");
        const char *cases[] = {"",
                               " leading",
                               "trailing ",
                               "a\n",
                               "a\n\n",
                               "\n\nb",
                               "  ind\nx",
                               "tab\tin",
                               "\ttab first\nline",
                               "null",
                               "123",
                               "- dash",
                               "key: value",
                               "#comment",
                               "a #b",
                               "{{var}}",
                               "'q",
                               "\"dq",
                               "line1\n  line2\n",
                               "x\n \n",
                               " \n",
                               "\n",
                               "\n\n",
                               "a\r\nb",
                               "ctl\x01",
                               "ends with colon:",
                               "~",
                               "yes",
                               "[1, 2]",
                               "{a: 1}",
                               "*alias",
                               "&anchor",
                               "!tag",
                               "%directive",
                               "@at",
                               "`bt",
                               "a\\b",
                               "x\n\ty",
                               "  \nabc",
                               "last\n   "};
        for (const char *c : cases)
            QTest::newRow(c) << QString::fromUtf8(c);
        QTest::newRow("unicode") << QStringLiteral("Café ☕ 日本\nß");
        QTest::newRow("ls") << QStringLiteral("a\u2028b\u0085c\ufeff");
        QTest::newRow("astral") << QString::fromUtf8("clef \xf0\x9d\x84\x9e\nx");
    }
    void writerRoundTripsAwkwardStrings()
    {
        QFETCH(QString, text);
        HttpRequest r = sample(text);
        r.url = text;
        r.description = text;
        r.body.text = text;
        r.preRequestScript = text;
        r.headers.append({text, text, true});
        r.auth.kind = Auth::Kind::Basic;
        r.auth.password = text;
        const QByteArray file = writeRequestFile(r);
        auto back = readRequestFile(file);
        QVERIFY2(back.ok(), qPrintable((back.ok() ? QString() : back.error().message) + u'\n' +
                                       QString::fromUtf8(file)));
        QVERIFY2(*back == r, file.constData());
        // What the writer writes takes the fast reader, which must agree with yaml-cpp.
        const auto fast = detail::parseCanonicalYaml(file);
        QVERIFY2(fast.has_value(), file.constData());
        const auto slow = detail::parseYamlTree(file);
        QVERIFY(slow.ok());
        QVERIFY(fast->sameAs(*slow));
    }

    void scriptsAreBlockLiterals()
    {
        const QByteArray file = writeRequestFile(sample(QStringLiteral("Create pet")));
        QVERIFY(file.contains("  test: |\n    pm.test('ok', () => {\n"));
        QVERIFY(file.contains("    \"name\": \"Rex\",\n"));
    }

    void opensAnEmptyFolderAsANewWorkspace()
    {
        const QString dir = freshDir();
        auto s = openOk(dir);
        QVERIFY(QFileInfo::exists(dir + QStringLiteral("/backbench-workspace.yaml")));
        QCOMPARE(s->localStateDir(), dir + QStringLiteral("/.backbench/"));
        QFile ignore(dir + QStringLiteral("/.backbench/.gitignore"));
        QVERIFY(ignore.open(QIODevice::ReadOnly));
        QCOMPARE(ignore.readAll(), QByteArray("*\n"));
        QVERIFY(s->root().children.isEmpty());
    }

    void opensAFreshCloneAsANewWorkspace()
    {
        const QString dir = freshDir();
        QDir().mkpath(dir + QStringLiteral("/.git"));
        auto s = WorkspaceStore::open(dir);
        QVERIFY(s.ok());
        QVERIFY(QFileInfo::exists(dir + QStringLiteral("/backbench-workspace.yaml")));
    }

    void refusesAFolderThatIsNotAWorkspace()
    {
        const QString dir = freshDir();
        QDir().mkpath(dir);
        QFile f(dir + QStringLiteral("/notes.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto s = WorkspaceStore::open(dir);
        QVERIFY(!s.ok());
        QVERIFY(s.error().message.contains(QStringLiteral("not a Backbench workspace")));
    }

    void everyOperationKeepsDiskAndTreeInStep()
    {
        auto s = openOk(freshDir());
        auto col = s->addCollection(QStringLiteral("Pet Store"));
        QVERIFY(col.ok());
        QCOMPARE(*col, QStringLiteral("pet-store"));
        auto pets = s->addFolder(*col, QStringLiteral("Pets"));
        QVERIFY(pets.ok());
        QCOMPARE(*pets, QStringLiteral("pet-store/pets"));
        auto users = s->addFolder(*col, QStringLiteral("Users"));
        auto create = s->addRequest(*pets, sample(QStringLiteral("Create pet")));
        auto list = s->addRequest(*pets, sample(QStringLiteral("List pets")));
        QVERIFY(users.ok() && create.ok() && list.ok());
        QCOMPARE(*create, QStringLiteral("pet-store/pets/create-pet.req.yaml"));
        checkConsistent(*s);

        // save keeps the id even when the name changes
        HttpRequest edited = sample(QStringLiteral("Create a pet"));
        edited.url = QStringLiteral("http://127.0.0.1:8080/pets");
        QVERIFY(s->saveRequest(*create, edited).ok());
        QCOMPARE(s->request(*create)->url, edited.url);
        QCOMPARE(s->node(*create)->name, QStringLiteral("Create a pet"));
        checkConsistent(*s);

        // rename a request: new file, old one gone
        auto renamed = s->rename(*create, QStringLiteral("Add pet"));
        QVERIFY(renamed.ok());
        QCOMPARE(*renamed, QStringLiteral("pet-store/pets/add-pet.req.yaml"));
        QVERIFY(!QFileInfo::exists(s->rootDir() + u'/' + *create));
        QCOMPARE(s->request(*renamed)->name, QStringLiteral("Add pet"));
        QCOMPARE(s->request(*renamed)->url, edited.url);
        checkConsistent(*s);

        // rename a folder: every id below it follows
        auto animals = s->rename(*pets, QStringLiteral("Animals"));
        QVERIFY(animals.ok());
        QCOMPARE(*animals, QStringLiteral("pet-store/animals"));
        QVERIFY(s->request(QStringLiteral("pet-store/animals/add-pet.req.yaml")).ok());
        QVERIFY(!s->request(*renamed).ok());
        checkConsistent(*s);

        // reorder within a folder
        const QString add = QStringLiteral("pet-store/animals/add-pet.req.yaml");
        const QString lst = QStringLiteral("pet-store/animals/list-pets.req.yaml");
        QCOMPARE(s->node(*animals)->children.first().id, add);
        QCOMPARE(*s->move(lst, *animals, 0), lst);
        QCOMPARE(s->node(*animals)->children.first().id, lst);
        checkConsistent(*s);

        // move into another folder, and refuse a move into itself
        auto moved = s->move(lst, *users, -1);
        QVERIFY(moved.ok());
        QCOMPARE(*moved, QStringLiteral("pet-store/users/list-pets.req.yaml"));
        QVERIFY(!s->move(*animals, *animals, 0).ok());
        auto sub = s->addFolder(*animals, QStringLiteral("Sub"));
        QVERIFY(!s->move(*animals, *sub, 0).ok());
        QVERIFY(!s->move(*col, *users, 0).ok());
        checkConsistent(*s);

        // duplicate a folder with everything below it
        auto copy = s->duplicate(*animals);
        QVERIFY(copy.ok());
        QCOMPARE(*copy, QStringLiteral("pet-store/animals-copy"));
        QCOMPARE(s->node(*copy)->name, QStringLiteral("Animals copy"));
        QVERIFY(s->request(*copy + QStringLiteral("/add-pet.req.yaml")).ok());
        auto reqCopy = s->duplicate(add);
        QVERIFY(reqCopy.ok());
        QCOMPARE(s->request(*reqCopy)->name, QStringLiteral("Add pet copy"));
        // the copy sits right after the original
        const auto &kids = s->node(*animals)->children;
        QCOMPARE(kids.at(kids.indexOf(*s->node(add)) + 1).id, *reqCopy);
        checkConsistent(*s);

        // remove
        QVERIFY(s->remove(*copy).ok());
        QVERIFY(!QFileInfo::exists(s->rootDir() + u'/' + *copy));
        QVERIFY(!s->node(*copy));
        QVERIFY(!s->remove(*copy).ok());
        checkConsistent(*s);

        // variables, settings, description
        const QList<KeyValue> vars = {{QStringLiteral("petId"), QStringLiteral("7"), true}};
        QVERIFY(s->setVariables(*animals, vars).ok());
        RequestSettings st;
        st.timeoutMs = 5000;
        st.verifyTls = false;
        QVERIFY(s->setSettings(*col, st).ok());
        QVERIFY(s->setDescription(*col, QStringLiteral("The pet API\nsecond line")).ok());
        auto again = openOk(s->rootDir());
        QCOMPARE(*again->variables(*animals), vars);
        QCOMPARE(*again->settings(*col), st);
        QCOMPARE(*again->description(*col), QStringLiteral("The pet API\nsecond line"));
        QVERIFY(!again->folderVariables(*sub).ok()); // a folder is no request
        auto inSub = s->addRequest(*sub, sample(QStringLiteral("Deep")));
        QVERIFY(inSub.ok());
        auto chain = s->folderVariables(*inSub);
        QVERIFY(chain.ok());
        QCOMPARE(chain->size(), 2);
        QCOMPARE(chain->first(), vars);

        // the collection as the model
        auto model = s->collection(*col);
        QVERIFY(model.ok());
        QCOMPARE(model->name, QStringLiteral("Pet Store"));
        QCOMPARE(model->root.requestCount(), 4);
        QCOMPARE(model->settings, st);
    }

    void failingOperationsChangeNothing()
    {
        auto s = openOk(freshDir());
        const QString col = *s->addCollection(QStringLiteral("C"));
        const QString req = *s->addRequest(col, sample(QStringLiteral("R")));
        const WorkspaceNode before = s->root();
        QVERIFY(!s->addFolder(QStringLiteral("nope"), QStringLiteral("x")).ok());
        QVERIFY(!s->addRequest(req, sample(QStringLiteral("x"))).ok()); // a request is no parent
        QVERIFY(!s->rename(col, QStringLiteral("  ")).ok());
        QVERIFY(!s->addCollection(QString()).ok());
        QVERIFY(!s->saveRequest(QStringLiteral("C/missing.req.yaml"), sample({})).ok());
        // a read-only collection folder: the write fails, nothing changes
        QFile::setPermissions(s->rootDir() + u'/' + col, QFile::ReadOwner | QFile::ExeOwner);
        auto added = s->addRequest(col, sample(QStringLiteral("Blocked")));
        QFile::setPermissions(s->rootDir() + u'/' + col,
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        if (QFileInfo(s->rootDir()).isWritable() && ::geteuid() != 0) {
            QVERIFY(!added.ok());
            QVERIFY(!added.error().message.isEmpty());
        }
        if (!added.ok())
            QCOMPARE(s->root(), before);
        checkConsistent(*s);
    }

    // The last step of each operation rewrites the parent's order; when that fails (here its
    // collection.yaml is a directory, which stops even root), the earlier steps are undone.
    void rollsBackWhenTheParentCannotBeWritten()
    {
        auto s = openOk(freshDir());
        const QString col = *s->addCollection(QStringLiteral("C"));
        const QString other = *s->addCollection(QStringLiteral("Other"));
        const QString req = *s->addRequest(col, sample(QStringLiteral("R")));
        const QString folder = *s->addFolder(col, QStringLiteral("F"));
        const QString inner = *s->addRequest(folder, sample(QStringLiteral("Inner")));
        const QString marker = s->rootDir() + u'/' + col + QStringLiteral("/collection.yaml");
        QFile markerFile(marker);
        QVERIFY(markerFile.open(QIODevice::ReadOnly));
        const QByteArray markerBytes = markerFile.readAll();
        markerFile.close();
        QVERIFY(QFile::remove(marker));
        QVERIFY(QDir().mkdir(marker));
        auto files = [&] {
            QStringList all;
            QDirIterator it(s->rootDir(), QDir::AllEntries | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString f = it.next();
                if (!f.contains(QStringLiteral("/.backbench/")))
                    all.append(f);
            }
            all.sort();
            return all;
        };
        const WorkspaceNode before = s->root();
        const QStringList filesBefore = files();
        QVERIFY(!s->addRequest(col, sample(QStringLiteral("New"))).ok());
        QVERIFY(!s->addFolder(col, QStringLiteral("New folder")).ok());
        QVERIFY(!s->rename(req, QStringLiteral("Renamed")).ok());
        QVERIFY(!s->rename(folder, QStringLiteral("Renamed folder")).ok());
        QVERIFY(!s->move(inner, col, 0).ok());
        QVERIFY(!s->move(req, folder, 0).ok());
        QVERIFY(!s->duplicate(req).ok());
        QVERIFY(!s->remove(req).ok());
        QVERIFY(!s->setVariables(col, {{QStringLiteral("a"), QStringLiteral("b"), true}}).ok());
        QVERIFY(!s->setSettings(col, RequestSettings{5, false}).ok());
        QCOMPARE(s->root(), before);
        QCOMPARE(files(), filesBefore);
        const auto vars = s->variables(col);
        QVERIFY(vars.ok() && vars->isEmpty());
        const auto innerNow = s->request(inner);
        QVERIFY2(innerNow.ok(), qPrintable(innerNow.ok() ? QString() : innerNow.error().message));
        QCOMPARE(innerNow->name, QStringLiteral("Inner"));
        // the other collection is unaffected
        QVERIFY(s->addRequest(other, sample(QStringLiteral("Fine"))).ok());
        QVERIFY(QDir(marker).removeRecursively());
        QVERIFY(markerFile.open(QIODevice::WriteOnly));
        markerFile.write(markerBytes);
        markerFile.close();
        auto again = openOk(s->rootDir());
        QVERIFY(again->request(inner).ok());
        QVERIFY(again->request(req).ok());
        checkConsistent(*s); // names inside the files were restored too
    }

    // Another program (git, an editor) changed the folder: reload shows what is there now.
    void reloadSeesChangesMadeOutside()
    {
        auto s = openOk(freshDir());
        const QString col = *s->addCollection(QStringLiteral("C"));
        const QString req = *s->addRequest(col, sample(QStringLiteral("R")));
        HttpRequest edited = sample(QStringLiteral("Edited elsewhere"));
        QFile f(s->rootDir() + u'/' + req);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(writeRequestFile(edited));
        f.close();
        QFile added(s->rootDir() + u'/' + col + QStringLiteral("/by-hand.req.yaml"));
        QVERIFY(added.open(QIODevice::WriteOnly));
        added.write("name: By hand\nurl: http://127.0.0.1/x\n");
        added.close();
        QCOMPARE(s->request(req)->name, QStringLiteral("R"));
        QVERIFY(s->reload().ok());
        QCOMPARE(*s->request(req), edited);
        QCOMPARE(s->request(col + QStringLiteral("/by-hand.req.yaml"))->name,
                 QStringLiteral("By hand"));
        QCOMPARE(s->node(col)->children.size(), 2);
        checkConsistent(*s);
    }

    void namesWithSlashesUnicodeAndCollisions()
    {
        auto s = openOk(freshDir());
        const QString col = *s->addCollection(QStringLiteral("a/b\\c"));
        QCOMPARE(col, QStringLiteral("a-b-c"));
        QCOMPARE(s->node(col)->name, QStringLiteral("a/b\\c"));
        const QString one = *s->addRequest(col, sample(QStringLiteral("Get pets")));
        const QString two = *s->addRequest(col, sample(QStringLiteral("Get pets")));
        const QString three = *s->addRequest(col, sample(QStringLiteral("GET  pets!")));
        QCOMPARE(one, QStringLiteral("a-b-c/get-pets.req.yaml"));
        QCOMPARE(two, QStringLiteral("a-b-c/get-pets-2.req.yaml"));
        QCOMPARE(three, QStringLiteral("a-b-c/get-pets-3.req.yaml"));
        const QString cafe = *s->addFolder(col, QStringLiteral("Café ☕"));
        QCOMPARE(cafe, QStringLiteral("a-b-c/cafe"));
        const QString cjk = *s->addFolder(col, QStringLiteral("日本"));
        QCOMPARE(cjk, QStringLiteral("a-b-c/folder"));
        QCOMPARE(*s->addCollection(QStringLiteral("CON")), QStringLiteral("con-1"));
        QCOMPARE(*s->addCollection(QStringLiteral("environments")),
                 QStringLiteral("environments-1"));
        QCOMPARE(*s->addCollection(QStringLiteral("../..")), QStringLiteral("folder"));
        auto again = openOk(s->rootDir());
        QCOMPARE(again->node(cafe)->name, QStringLiteral("Café ☕"));
        QCOMPARE(again->node(cjk)->name, QStringLiteral("日本"));
        checkConsistent(*s);
    }

    void malformedFilesAreReportedAndTheRestLoads()
    {
        auto s = openOk(freshDir());
        const QString col = *s->addCollection(QStringLiteral("C"));
        const QString good = *s->addRequest(col, sample(QStringLiteral("Good")));
        const QString bad = *s->addRequest(col, sample(QStringLiteral("Bad")));
        const QString path = s->rootDir() + u'/' + bad;
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name: Bad\nmethod: GET\nheaders:\n  - name: [unclosed\n");
        f.close();
        QFile f2(s->rootDir() + u'/' + col + QStringLiteral("/typed.req.yaml"));
        QVERIFY(f2.open(QIODevice::WriteOnly));
        f2.write("name: Typed\nheaders: not a list\n");
        f2.close();
        auto again = openOk(s->rootDir());
        QCOMPARE(again->problems().size(), 2);
        const WorkspaceProblem p = again->problems().first().path == path
                                       ? again->problems().first()
                                       : again->problems().last();
        QCOMPARE(p.path, path);
        QVERIFY(p.line >= 4); // yaml-cpp reports the unclosed list where the file ends
        QVERIFY(p.column > 0);
        const WorkspaceProblem p2 = again->problems().first().path == path
                                        ? again->problems().last()
                                        : again->problems().first();
        QCOMPARE(p2.line, 2);
        QCOMPARE(p2.column, 10);
        QVERIFY2(p2.message.contains(QStringLiteral("headers must be a list")),
                 qPrintable(p2.message));
        QVERIFY(again->request(good).ok());
        QVERIFY(!again->request(bad).ok());
        // a new request of the same name does not overwrite the unreadable file
        const QString newBad = *again->addRequest(col, sample(QStringLiteral("Bad")));
        QVERIFY(newBad != bad);
    }

    void environmentsNeverStoreSecretValues()
    {
        auto s = openOk(freshDir());
        Environment env{
            QStringLiteral("Staging"),
            {{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:8080"), true, false},
             {QStringLiteral("apiKey"), QStringLiteral("s3cr3t-value"), true, true}}};
        QVERIFY(s->saveEnvironment(env).ok());
        QFile f(s->rootDir() + QStringLiteral("/environments/staging.env.yaml"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(!text.contains("s3cr3t-value"));
        QVERIFY(text.contains("secret: true"));
        QVERIFY(text.contains("apiKey"));
        auto again = openOk(s->rootDir());
        QCOMPARE(again->environments().size(), 1);
        QCOMPARE(again->environments().first().variables.at(1).value, QString());
        QVERIFY(again->environments().first().variables.at(1).secret);
        QCOMPARE(again->environments().first().variables.at(0), env.variables.at(0));
        env.variables[0].value = QStringLiteral("http://127.0.0.1:9090");
        QVERIFY(s->saveEnvironment(env).ok());
        QCOMPARE(s->environments().size(), 1);
        QVERIFY(s->saveEnvironment({QStringLiteral("Local"), {}}).ok());
        QCOMPARE(s->environments().first().name, QStringLiteral("Local"));
        QVERIFY(s->removeEnvironment(QStringLiteral("Staging")).ok());
        QVERIFY(!f.exists());
        QVERIFY(!s->removeEnvironment(QStringLiteral("Staging")).ok());
    }

    void postmanFixturesRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f : {"codegen-curl-testcollection.postman_collection.json",
                              "newman-echo-v2.postman_collection.json",
                              "newman-multi-level-folders-v2.postman_collection.json",
                              "newman-whatwg-url.postman_collection.json",
                              "schemas-v2.1.0-nestedEntities.postman_collection.json"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void postmanFixturesRoundTrip()
    {
        QFETCH(QString, file);
        auto r = importPostman(test::readFixture(QStringLiteral("postman/") + file));
        QVERIFY(r.ok());
        roundTrip(r->collection);
    }

    void openApiFixturesRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &v : {QStringLiteral("v3.0"), QStringLiteral("v3.1")})
            for (const QString &f :
                 QDir(QStringLiteral(BB_FIXTURES_DIR "/openapi/") + v)
                     .entryList({QStringLiteral("*.json"), QStringLiteral("*.yaml")}))
                QTest::newRow(qPrintable(f)) << v + u'/' + f;
        // Stripe's spec: hundreds of operations with large generated bodies.
        QTest::newRow("stripe") << QStringLiteral("large/stripe-spec3.json");
    }
    void openApiFixturesRoundTrip()
    {
        QFETCH(QString, file);
        auto r = importOpenApi(test::readFixture(QStringLiteral("openapi/") + file));
        QVERIFY(r.ok());
        roundTrip(r->collection);
    }

    void harFixturesRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f :
             {"mitmproxy-chrome.har", "mitmproxy-firefox.har", "mitmproxy-postdata.har"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void harFixturesRoundTrip()
    {
        QFETCH(QString, file);
        auto r = importHar(test::readFixture(QStringLiteral("har/") + file));
        QVERIFY(r.ok());
        roundTrip(r->collection);
    }

    void curlFixturesRoundTrip()
    {
        Collection c;
        c.name = QStringLiteral("curl commands");
        for (const QString &cmd : test::curlFixtureCommands()) {
            auto r = importCurl(cmd);
            if (r)
                c.root.requests += r->collection.root.requests;
        }
        QVERIFY(c.root.requests.size() > 10);
        roundTrip(c);
    }

    void httpFileRoundTrip()
    {
        auto pm = importPostman(
            test::readFixture(QStringLiteral("postman/newman-echo-v2.postman_collection.json")));
        QVERIFY(pm.ok());
        auto r = importHttpFile(exportHttpFile(pm->collection));
        QVERIFY(r.ok());
        roundTrip(r->collection);
    }

    void opensThreeThousandRequests()
    {
        Collection c;
        c.name = QStringLiteral("Big");
        for (int f = 0; f < 30; ++f) {
            Folder folder;
            folder.name = QStringLiteral("Folder %1").arg(f);
            for (int i = 0; i < 100; ++i)
                folder.requests.append(sample(QStringLiteral("Request %1").arg(i)));
            c.root.folders.append(folder);
        }
        const QString dir = freshDir();
        QString id;
        {
            auto s = openOk(dir);
            id = *s->importCollection(c);
        }
        auto s = openOk(dir);
        QVERIFY(s->problems().isEmpty());
        auto back = s->collection(id);
        QCOMPARE(back->root.requestCount(), 3000);
        QVERIFY(*back == normalized(c));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceStore)
#include "tst_workspace_store.moc"
