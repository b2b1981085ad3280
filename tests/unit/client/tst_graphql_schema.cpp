// GraphQlSchema: parsing a hand-written introspection answer for a small blog schema, and the
// completions at cursors in whole and half-typed queries.
#include "client/graphql_schema.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace bb::client;

class tst_GraphQlSchema : public QObject {
    Q_OBJECT

    GraphQlSchema m_schema;

    static QStringList fieldsOf(const GraphQlSchema &s, const QString &type)
    {
        QStringList out;
        for (const GraphQlField &f : s.type(type)->fields)
            out << f.name;
        return out << "__typename";
    }

private slots:
    void initTestCase()
    {
        QFile f(QStringLiteral(BB_SOURCE_DIR "/tests/unit/client/data/blog_introspection.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto parsed = GraphQlSchema::parse(f.readAll());
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
        m_schema = *parsed;
    }

    void parsesTypesFieldsAndRoots()
    {
        QCOMPARE(m_schema.queryType(), QString("Query"));
        QCOMPARE(m_schema.mutationType(), QString("Mutation"));
        QCOMPARE(m_schema.subscriptionType(), QString("Subscription"));
        QVERIFY(!m_schema.typeNames().contains("__Schema"));
        QVERIFY(m_schema.typeNames().contains("SearchResult"));

        const GraphQlType *query = m_schema.type("Query");
        QVERIFY(query);
        QCOMPARE(query->kind, GraphQlType::Kind::Object);
        QCOMPARE(query->description, QString("The root of every read."));
        const GraphQlField *posts = query->field("posts");
        QVERIFY(posts);
        QCOMPARE(posts->type, QString("[Post!]!"));
        QCOMPARE(posts->typeName, QString("Post"));
        QCOMPARE(posts->args.size(), 3);
        QCOMPARE(posts->args[0].name, QString("first"));
        QCOMPARE(posts->args[0].type, QString("Int"));
        QCOMPARE(posts->args[0].defaultValue, QString("10"));
        QCOMPARE(query->field("post")->args[0].type, QString("ID!"));

        QVERIFY(m_schema.type("Post")->field("slug")->deprecated);
        QCOMPARE(m_schema.type("Post")->interfaces, QStringList{"Node"});
        QCOMPARE(m_schema.type("SearchResult")->kind, GraphQlType::Kind::Union);
        QCOMPARE(m_schema.type("SearchResult")->possibleTypes, QStringList({"Post", "User"}));
        QCOMPARE(m_schema.type("Role")->enumValues, QStringList({"READER", "AUTHOR", "ADMIN"}));
        QCOMPARE(m_schema.type("CreatePostInput")->inputFields[2].type, QString("[String!]"));
        QCOMPARE(m_schema.type("CreatePostInput")->inputFields[4].type, QString("[Role!]"));
        QCOMPARE(m_schema.type("PostMetaInput")->kind, GraphQlType::Kind::InputObject);
        QCOMPARE(m_schema.type("DateTime")->kind, GraphQlType::Kind::Scalar);
    }

    void refusesWhatIsNotASchema()
    {
        auto bad = GraphQlSchema::parse("{\"data\": ");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().position >= 0);
        auto refused = GraphQlSchema::parse(
            R"({"errors":[{"message":"introspection is disabled"}],"data":null})");
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains("introspection is disabled"),
                 qPrintable(refused.error().message));
        QVERIFY(!GraphQlSchema::parse("{\"data\":{}}").ok());
        QVERIFY(!GraphQlSchema::parse("[1,2]").ok());
        QVERIFY(!GraphQlSchema::parse(R"({"__schema":{"queryType":{"name":"Q"},"types":[]}})")
                     .ok()); // names a query type it does not define
    }

    void introspectionQueryIsTheStandardOne()
    {
        const QString q = GraphQlSchema::introspectionQuery();
        QVERIFY(q.contains("__schema"));
        QVERIFY(q.contains("fields(includeDeprecated: true)"));
        QVERIFY(q.contains("possibleTypes"));
        const QJsonObject body =
            QJsonDocument::fromJson(GraphQlSchema::introspectionRequestBody()).object();
        QCOMPARE(body["query"].toString(), q);
        // Balanced braces: the query itself must be valid for the completer, too.
        QCOMPARE(q.count('{'), q.count('}'));
    }

    void completions_data()
    {
        QTest::addColumn<QString>("text"); // '|' marks the cursor
        QTest::addColumn<QString>("type"); // the type whose fields are expected, or a list
        QTest::addColumn<QStringList>("exact");

        QTest::newRow("anonymous query") << "{ |"
                                         << "Query" << QStringList();
        QTest::newRow("empty text") << "|"
                                    << "" << QStringList();
        QTest::newRow("named query with variables")
            << "query Q($id: ID!, $n: Int = 3) { post(id: $id) { |"
            << "Post" << QStringList();
        QTest::newRow("nested") << "{ post(id: 1) { author { |"
                                << "User" << QStringList();
        QTest::newRow("alias, args, partial word")
            << "{ p: post(id: \"x\") { comments(first: 2) { author { na|"
            << "User" << QStringList();
        QTest::newRow("cursor mid-document") << "{ me { | } posts { title } }"
                                             << "User" << QStringList();
        QTest::newRow("after a closed set") << "{ post(id: 1) { title }\n  |"
                                            << "Query" << QStringList();
        QTest::newRow("mutation with an input object")
            << "mutation { createPost(input: {title: \"a\", tags: [\"x\"]}) { |"
            << "Post" << QStringList();
        QTest::newRow("subscription") << "subscription S { postAdded { |"
                                      << "Post" << QStringList();
        QTest::newRow("inline fragment on a union") << "{ search(term: \"x\") { ... on User { |"
                                                    << "User" << QStringList();
        QTest::newRow("type condition") << "{ search(term: \"x\") { ... on |"
                                        << "" << QStringList({"Post", "User"});
        QTest::newRow("spread") << "{ me { ...|"
                                << "" << QStringList({"on"});
        QTest::newRow("bare inline fragment") << "{ node(id: 1) { ... @skip(if: false) { |"
                                              << "Node" << QStringList();
        QTest::newRow("named fragment") << "fragment F on Comment { |"
                                        << "Comment" << QStringList();
        QTest::newRow("fragment spread then field") << "{ me { ...UserBits posts { |"
                                                    << "Post" << QStringList();
        QTest::newRow("directive") << "{ me @include(if: true) { |"
                                   << "User" << QStringList();
        QTest::newRow("argument names") << "{ posts(|"
                                        << "" << QStringList({"first", "after", "orderBy"});
        QTest::newRow("second argument") << "{ posts(first: 3, |"
                                         << "" << QStringList({"first", "after", "orderBy"});
        QTest::newRow("argument value") << "{ posts(first: |"
                                        << "" << QStringList();
        QTest::newRow("enum argument value") << "{ posts(orderBy: |"
                                             << "" << QStringList({"NEWEST", "OLDEST"});
        QTest::newRow("enum value being typed") << "{ posts(first: 2, orderBy: NE|"
                                                << "" << QStringList({"NEWEST", "OLDEST"});
        QTest::newRow("argument names after an enum value")
            << "{ posts(orderBy: NEWEST |"
            << "" << QStringList({"first", "after", "orderBy"});
        QTest::newRow("boolean argument") << "mutation { deletePost(id: 1, hard: |"
                                          << "" << QStringList({"true", "false"});
        const QStringList createPostInput{"title",     "body",      "tags",
                                          "published", "visibleTo", "meta"};
        QTest::newRow("input object fields") << "mutation { createPost(input: { |"
                                             << "" << createPostInput;
        QTest::newRow("input field after a value")
            << "mutation { createPost(input: {title: \"a\", |"
            << "" << createPostInput;
        QTest::newRow("boolean input field") << "mutation { createPost(input: {published: |"
                                             << "" << QStringList({"true", "false"});
        QTest::newRow("scalar input field") << "mutation { createPost(input: {title: |"
                                            << "" << QStringList();
        QTest::newRow("enum list, a single value")
            << "mutation { createPost(input: {visibleTo: |"
            << "" << QStringList({"READER", "AUTHOR", "ADMIN"});
        QTest::newRow("enum list elements") << "mutation { createPost(input: {visibleTo: [READER, |"
                                            << "" << QStringList({"READER", "AUTHOR", "ADMIN"});
        QTest::newRow("after an enum list") << "mutation { createPost(input: {visibleTo: [ADMIN] |"
                                            << "" << createPostInput;
        QTest::newRow("nested input object") << "mutation { createPost(input: {meta: {order: |"
                                             << "" << QStringList({"NEWEST", "OLDEST"});
        QTest::newRow("nested input object fields")
            << "mutation { createPost(input: {meta: { slug: \"{x}\" |"
            << "" << QStringList({"slug", "order"});
        QTest::newRow("back in the outer object")
            << "mutation { createPost(input: {meta: {slug: \"x\"}, |"
            << "" << createPostInput;
        QTest::newRow("variable as a value") << "mutation { createPost(input: {title: $t |"
                                             << "" << createPostInput;
        QTest::newRow("unknown argument object") << "{ posts(nope: { |"
                                                 << "" << QStringList();
        QTest::newRow("directive argument") << "{ me @include(if: |"
                                            << "" << QStringList();
        QTest::newRow("scalar has no fields") << "{ post(id: 1) { title { |"
                                              << "" << QStringList();
        QTest::newRow("unknown field") << "{ nope { |"
                                       << "" << QStringList();
        QTest::newRow("braces in strings and comments")
            << "{ post(id: \"{\") { # { {\n \"\"\"}}\"\"\" |"
            << "Post" << QStringList();
        QTest::newRow("extra closing braces") << "}}} { |"
                                              << "Query" << QStringList();
    }

    void completions()
    {
        QFETCH(QString, text);
        QFETCH(QString, type);
        QFETCH(QStringList, exact);
        const int cursor = int(text.indexOf('|'));
        text.remove(cursor, 1);
        const QStringList got = m_schema.completions(text, cursor);
        const QStringList expected = type.isEmpty() ? exact : fieldsOf(m_schema, type);
        QCOMPARE(got, expected);
    }

    void neverCrashesOnAnyText()
    {
        // Every cursor of every prefix of a real query, then random soup from its alphabet.
        const QString query = "query Q($id: ID!) { p: post(id: $id) { title ...F author { "
                              "name } ... on Post { tags } comments(first: 2) { text } } }\n"
                              "fragment F on Post { id }";
        for (int end = 0; end <= query.size(); ++end)
            for (int cursor = -2; cursor <= end + 2; ++cursor)
                (void)m_schema.completions(query.left(end), cursor);
        const QString alphabet = "{}()[]:.$@!#\"\\ \n,=abcxyz_019ponquery";
        QRandomGenerator rng(42);
        for (int round = 0; round < 2000; ++round) {
            QString soup;
            const int len = int(rng.bounded(80));
            for (int i = 0; i < len; ++i)
                soup += alphabet[int(rng.bounded(alphabet.size()))];
            (void)m_schema.completions(soup, int(rng.bounded(len + 1)));
        }
        QVERIFY(m_schema.completions(QString(10000, '{'), 10000).isEmpty()); // depth bound
        GraphQlSchema empty;
        QVERIFY(empty.completions("{ |", 2).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_GraphQlSchema)
#include "tst_graphql_schema.moc"
