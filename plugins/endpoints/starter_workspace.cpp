#include "starter_workspace.h"

#include "workspace/workspace_store.h"

namespace bb::plugins::endpoints {

namespace {

workspace::HttpRequest make(const QString &name, const QString &method, const QString &path,
                            const QString &description)
{
    workspace::HttpRequest r;
    r.name = name;
    r.method = method;
    r.url = QStringLiteral("{{baseUrl}}") + path;
    r.description = description;
    r.headers.append({QStringLiteral("Authorization"),
                      QStringLiteral("Bearer {{%1}}").arg(kEngineTokenVariable), true});
    r.testScript = QStringLiteral("pm.test(\"status is 2xx\", () => pm.response.to.be.success);\n");
    return r;
}

QString baseUrlText(const QUrl &url)
{
    QString text = url.toString();
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

} // namespace

workspace::Collection starterCollection()
{
    workspace::Collection c;
    c.name = QStringLiteral("Backbench engine");
    c.description = QStringLiteral(
        "Requests against the embedded engine. {{baseUrl}} comes from the \"Local engine\" "
        "environment and follows the engine's address; {{engineToken}} is filled in when you "
        "send.");
    workspace::HttpRequest health =
        make(QStringLiteral("Health check"), QStringLiteral("GET"), QStringLiteral("/healthz"),
             QStringLiteral("Liveness: 200 while the engine runs."));
    health.headers.clear();
    c.root.requests.append(health);

    workspace::Folder posts;
    posts.name = QStringLiteral("Posts");
    posts.requests.append(make(QStringLiteral("List posts"), QStringLiteral("GET"),
                               QStringLiteral("/api/v1/posts?perPage=5&sort=-created_at"),
                               QStringLiteral("The newest five posts.")));
    posts.requests.append(make(QStringLiteral("Get a post"), QStringLiteral("GET"),
                               QStringLiteral("/api/v1/posts/1"),
                               QStringLiteral("One post by id.")));
    workspace::HttpRequest create = make(QStringLiteral("Create a post"), QStringLiteral("POST"),
                                         QStringLiteral("/api/v1/posts"),
                                         QStringLiteral("Adds a post; run it twice to see "
                                                        "two ids."));
    create.body.kind = workspace::Body::Kind::Raw;
    create.body.contentType = QStringLiteral("application/json");
    create.body.text = QStringLiteral(
        "{\n  \"author_id\": 1,\n  \"title\": \"Hello from the tester\",\n"
        "  \"slug\": \"hello-{{$guid}}\",\n  \"body\": \"Sent at {{$isoTimestamp}}\"\n}");
    posts.requests.append(create);
    c.root.folders.append(posts);

    workspace::Folder admin;
    admin.name = QStringLiteral("Admin");
    admin.requests.append(make(QStringLiteral("Recent traces"), QStringLiteral("GET"),
                               QStringLiteral("/api/admin/traces?limit=10"),
                               QStringLiteral("The engine's latest request traces.")));
    c.root.folders.append(admin);
    return c;
}

workspace::Environment localEnvironment(const QUrl &baseUrl)
{
    workspace::Environment env;
    env.name = kLocalEnvironment;
    env.variables.append({QStringLiteral("baseUrl"), baseUrlText(baseUrl), true, false});
    return env;
}

Result<void> seedIfEmpty(workspace::WorkspaceStore &store, const QUrl &engineBaseUrl)
{
    if (!store.root().children.isEmpty())
        return {};
    auto added = store.importCollection(starterCollection());
    if (!added)
        return added.error();
    return store.saveEnvironment(localEnvironment(engineBaseUrl));
}

Result<void> followEngine(workspace::WorkspaceStore &store, const QUrl &baseUrl)
{
    if (!baseUrl.isValid() || baseUrl.isEmpty())
        return {};
    for (workspace::Environment env : store.environments()) {
        if (env.name != kLocalEnvironment)
            continue;
        const QString wanted = baseUrlText(baseUrl);
        bool found = false;
        for (workspace::Variable &v : env.variables) {
            if (v.name != QLatin1String("baseUrl"))
                continue;
            found = true;
            if (v.value == wanted)
                return {};
            v.value = wanted;
        }
        if (!found)
            env.variables.append({QStringLiteral("baseUrl"), wanted, true, false});
        return store.saveEnvironment(env);
    }
    return {};
}

} // namespace bb::plugins::endpoints
