#include "workspace/workspace_file.h"

#include "workspace/text_fields_p.h"

#include "workspace/yaml_tree_p.h"
#include "workspace/yaml_writer_p.h"

#include <algorithm>
#include <array>

namespace bb::workspace {

namespace {

using detail::YamlWriter;

// ---- names shared by the writer and the reader -------------------------------------------

const std::array<Body::Kind, 6> kBodyKinds = {Body::Kind::None,       Body::Kind::Raw,
                                              Body::Kind::UrlEncoded, Body::Kind::Multipart,
                                              Body::Kind::File,       Body::Kind::GraphQl};
const std::array<Auth::Kind, 7> kAuthKinds = {
    Auth::Kind::None,   Auth::Kind::Basic, Auth::Kind::Bearer, Auth::Kind::ApiKey,
    Auth::Kind::Digest, Auth::Kind::AwsV4, Auth::Kind::OAuth2};

const char *containerHeader(ContainerKind kind)
{
    switch (kind) {
    case ContainerKind::Workspace:
        return "Backbench workspace (docs/workspace-format.md)";
    case ContainerKind::Collection:
        return "Backbench collection";
    case ContainerKind::Folder:
        return "Backbench folder";
    }
    return "";
}

// ---- writing ----------------------------------------------------------------------------

void writeKeyValues(YamlWriter &w, const char *key, const QList<KeyValue> &list)
{
    if (list.isEmpty())
        return;
    w.beginSeq(key);
    for (const KeyValue &kv : list) {
        w.item();
        w.scalar("name", kv.name);
        w.scalar("value", kv.value);
        if (!kv.enabled)
            w.boolean("enabled", false);
        w.leave();
    }
    w.leave();
}

void writeSettings(YamlWriter &w, const RequestSettings &s)
{
    w.beginMap("settings");
    w.integer("timeoutMs", s.timeoutMs);
    w.boolean("followRedirects", s.followRedirects);
    w.integer("maxRedirects", s.maxRedirects);
    w.boolean("verifyTls", s.verifyTls);
    for (const detail::SettingsTextField &f : detail::kSettingsTextFields)
        if (!(s.*f.member).isEmpty())
            w.scalar(f.key, s.*f.member);
    w.leave();
}

void writeBody(YamlWriter &w, const Body &b)
{
    if (b == Body{})
        return;
    w.beginMap("body");
    w.scalar("kind", bodyKindName(b.kind));
    if (!b.contentType.isEmpty())
        w.scalar("contentType", b.contentType);
    if (!b.filePath.isEmpty())
        w.scalar("file", b.filePath);
    if (!b.fields.isEmpty()) {
        w.beginSeq("fields");
        for (const FormField &f : b.fields) {
            w.item();
            w.scalar("name", f.name);
            if (!f.filePath.isEmpty())
                w.scalar("file", f.filePath);
            if (!f.value.isEmpty() || f.filePath.isEmpty())
                w.scalar("value", f.value);
            if (!f.contentType.isEmpty())
                w.scalar("contentType", f.contentType);
            if (!f.enabled)
                w.boolean("enabled", false);
            w.leave();
        }
        w.leave();
    }
    if (!b.graphqlVariables.isEmpty())
        w.scalar("graphqlVariables", b.graphqlVariables);
    // Last, so a long body does not push the short fields out of sight.
    if (!b.text.isEmpty())
        w.scalar("text", b.text);
    w.leave();
}

void writeAuth(YamlWriter &w, const Auth &a)
{
    if (a == Auth{})
        return;
    w.beginMap("auth");
    w.scalar("kind", authKindName(a.kind));
    for (const detail::AuthTextField &f : detail::kAuthTextFields)
        if (!(a.*f.member).isEmpty())
            w.scalar(f.key, a.*f.member);
    if (a.keyIn == Auth::ApiKeyIn::Query)
        w.scalar("keyIn", QStringLiteral("query"));
    if (!a.pkce)
        w.boolean("pkce", false);
    w.leave();
}

// ---- reading ----------------------------------------------------------------------------

using detail::YNode;

struct FormatError {
    QString message;
    const YNode *node;
};

[[noreturn]] void fail(const YNode *n, const QString &message)
{
    throw FormatError{message, n};
}

bool absent(const YNode *n)
{
    return !n || n->type == YNode::Type::Null;
}

QString text(const YNode *n, const char *what)
{
    if (absent(n))
        return {};
    if (n->type != YNode::Type::Scalar)
        fail(n, QStringLiteral("%1 must be text").arg(QLatin1String(what)));
    return n->scalar;
}

bool boolean(const YNode *n, const char *what, bool fallback)
{
    if (absent(n))
        return fallback;
    const QString s = text(n, what);
    if (s == u"true")
        return true;
    if (s == u"false")
        return false;
    fail(n, QStringLiteral("%1 must be true or false").arg(QLatin1String(what)));
}

int integer(const YNode *n, const char *what, int fallback)
{
    if (absent(n))
        return fallback;
    bool ok = false;
    const int v = text(n, what).toInt(&ok);
    if (!ok || v < 0)
        fail(n, QStringLiteral("%1 must be a whole number >= 0").arg(QLatin1String(what)));
    return v;
}

void requireMap(const YNode *n, const char *what)
{
    if (n->type != YNode::Type::Map)
        fail(n, QStringLiteral("%1 must be a mapping of keys to values").arg(QLatin1String(what)));
}

// A missing or null list is empty; anything else must be a sequence.
const std::vector<YNode> &optionalSeq(const YNode *n, const char *what)
{
    static const std::vector<YNode> none;
    if (absent(n))
        return none;
    if (n->type != YNode::Type::Sequence)
        fail(n, QStringLiteral("%1 must be a list").arg(QLatin1String(what)));
    return n->sequence;
}

QList<KeyValue> keyValues(const YNode *n, const char *what)
{
    QList<KeyValue> out;
    for (const YNode &item : optionalSeq(n, what)) {
        requireMap(&item, what);
        out.append({text(item.get("name"), "name"), text(item.get("value"), "value"),
                    boolean(item.get("enabled"), "enabled", true)});
    }
    return out;
}

RequestSettings settingsOf(const YNode *n)
{
    RequestSettings s;
    requireMap(n, "settings");
    s.timeoutMs = integer(n->get("timeoutMs"), "timeoutMs", s.timeoutMs);
    s.followRedirects = boolean(n->get("followRedirects"), "followRedirects", s.followRedirects);
    s.maxRedirects = integer(n->get("maxRedirects"), "maxRedirects", s.maxRedirects);
    s.verifyTls = boolean(n->get("verifyTls"), "verifyTls", s.verifyTls);
    for (const detail::SettingsTextField &f : detail::kSettingsTextFields)
        s.*f.member = text(n->get(f.key), f.key);
    return s;
}

Body bodyOf(const YNode *n)
{
    Body b;
    if (absent(n))
        return b;
    requireMap(n, "body");
    const QString kind = text(n->get("kind"), "body kind");
    const auto k = std::find_if(kBodyKinds.begin(), kBodyKinds.end(),
                                [&](Body::Kind k) { return bodyKindName(k) == kind; });
    if (k == kBodyKinds.end())
        fail(n->get("kind") ? n->get("kind") : n,
             QStringLiteral("body kind must be none, raw, urlencoded, multipart, file or graphql"));
    b.kind = *k;
    b.contentType = text(n->get("contentType"), "contentType");
    b.filePath = text(n->get("file"), "file");
    b.text = text(n->get("text"), "text");
    b.graphqlVariables = text(n->get("graphqlVariables"), "graphqlVariables");
    for (const YNode &f : optionalSeq(n->get("fields"), "fields")) {
        requireMap(&f, "a form field");
        b.fields.append({text(f.get("name"), "name"), text(f.get("value"), "value"),
                         text(f.get("file"), "file"), text(f.get("contentType"), "contentType"),
                         boolean(f.get("enabled"), "enabled", true)});
    }
    return b;
}

Auth authOf(const YNode *n)
{
    Auth a;
    if (absent(n))
        return a;
    requireMap(n, "auth");
    const QString kind = text(n->get("kind"), "auth kind");
    const auto k = std::find_if(kAuthKinds.begin(), kAuthKinds.end(),
                                [&](Auth::Kind k) { return authKindName(k) == kind; });
    if (k == kAuthKinds.end())
        fail(n->get("kind") ? n->get("kind") : n,
             QStringLiteral("auth kind must be none, basic, bearer, apikey, digest, awsv4 or "
                            "oauth2"));
    a.kind = *k;
    for (const detail::AuthTextField &f : detail::kAuthTextFields)
        a.*f.member = text(n->get(f.key), f.key);
    const QString in = text(n->get("keyIn"), "keyIn");
    if (!in.isEmpty() && in != u"header" && in != u"query")
        fail(n->get("keyIn"), QStringLiteral("keyIn must be header or query"));
    a.keyIn = in == u"query" ? Auth::ApiKeyIn::Query : Auth::ApiKeyIn::Header;
    a.pkce = boolean(n->get("pkce"), "pkce", true);
    return a;
}

bb::Error errorAt(const QString &what, const YNode *n, qsizetype size)
{
    const int pos = int(std::clamp<qsizetype>(n->pos, 0, size));
    return bb::Error::invalid(QStringLiteral("line %1, column %2: %3")
                                  .arg(std::max(n->line, 0) + 1)
                                  .arg(std::max(n->column, 0) + 1)
                                  .arg(what),
                              pos);
}

template<typename T, typename F> bb::Result<T> readTree(const YNode &root, qsizetype size, F read)
{
    try {
        if (root.type != YNode::Type::Map)
            return errorAt(QStringLiteral("the file must be a mapping of keys to values"), &root,
                           size);
        return read(root);
    } catch (const FormatError &e) {
        return errorAt(e.message, e.node, size);
    }
}

// Parses one file and hands its top-level mapping to `read`. Files as the writer writes them
// take the fast reader; anything else, and any file the format rejects (so the error points
// where yaml-cpp marks it), goes through yaml-cpp.
template<typename T, typename F> bb::Result<T> parse(const QByteArray &bytes, F read)
{
    if (const auto fast = detail::parseCanonicalYaml(bytes)) {
        auto r = readTree<T>(*fast, bytes.size(), read);
        if (r)
            return r;
    }
    const auto tree = detail::parseYamlTree(bytes);
    if (!tree)
        return tree.error();
    return readTree<T>(*tree, bytes.size(), read);
}

} // namespace

QByteArray writeRequestFile(const HttpRequest &r)
{
    YamlWriter w;
    w.scalar("name", r.name);
    w.scalar("method", r.method);
    w.scalar("url", r.url);
    if (!r.description.isEmpty())
        w.scalar("description", r.description);
    writeKeyValues(w, "headers", r.headers);
    writeKeyValues(w, "query", r.query);
    writeAuth(w, r.auth);
    writeKeyValues(w, "variables", r.variables);
    if (r.settings)
        writeSettings(w, *r.settings);
    writeBody(w, r.body);
    if (!r.preRequestScript.isEmpty() || !r.testScript.isEmpty()) {
        w.beginMap("scripts");
        if (!r.preRequestScript.isEmpty())
            w.scalar("preRequest", r.preRequestScript);
        if (!r.testScript.isEmpty())
            w.scalar("test", r.testScript);
        w.leave();
    }
    return w.take();
}

bb::Result<HttpRequest> readRequestFile(const QByteArray &bytes)
{
    return parse<HttpRequest>(bytes, [](const YNode &root) {
        HttpRequest r;
        r.name = text(root.get("name"), "name");
        const QString method = text(root.get("method"), "method");
        if (!method.isEmpty())
            r.method = method;
        r.url = text(root.get("url"), "url");
        r.description = text(root.get("description"), "description");
        r.headers = keyValues(root.get("headers"), "headers");
        r.query = keyValues(root.get("query"), "query");
        r.auth = authOf(root.get("auth"));
        r.variables = keyValues(root.get("variables"), "variables");
        if (!absent(root.get("settings")))
            r.settings = settingsOf(root.get("settings"));
        r.body = bodyOf(root.get("body"));
        if (const YNode *s = root.get("scripts"); !absent(s)) {
            requireMap(s, "scripts");
            r.preRequestScript = text(s->get("preRequest"), "preRequest");
            r.testScript = text(s->get("test"), "test");
        }
        return r;
    });
}

QByteArray writeContainerFile(const ContainerFile &c, ContainerKind kind)
{
    YamlWriter w;
    w.comment(QString::fromLatin1(containerHeader(kind)));
    if (kind == ContainerKind::Workspace)
        w.integer("format", c.format);
    w.scalar("name", c.name);
    if (!c.description.isEmpty())
        w.scalar("description", c.description);
    writeKeyValues(w, "variables", c.variables);
    if (kind == ContainerKind::Collection && c.settings != RequestSettings{})
        writeSettings(w, c.settings);
    if (!c.order.isEmpty()) {
        w.beginSeq("order");
        for (const QString &s : c.order)
            w.seqScalar(s);
        w.leave();
    }
    return w.take();
}

bb::Result<ContainerFile> readContainerFile(const QByteArray &bytes, ContainerKind kind)
{
    return parse<ContainerFile>(bytes, [kind](const YNode &root) {
        ContainerFile c;
        if (kind == ContainerKind::Workspace) {
            c.format = integer(root.get("format"), "format", kWorkspaceFormatVersion);
            if (c.format > kWorkspaceFormatVersion)
                fail(root.get("format"), QStringLiteral("workspace format %1 is newer than this "
                                                        "Backbench reads (%2)")
                                             .arg(c.format)
                                             .arg(kWorkspaceFormatVersion));
        }
        c.name = text(root.get("name"), "name");
        c.description = text(root.get("description"), "description");
        c.variables = keyValues(root.get("variables"), "variables");
        if (!absent(root.get("settings")))
            c.settings = settingsOf(root.get("settings"));
        for (const YNode &s : optionalSeq(root.get("order"), "order"))
            c.order.append(text(&s, "an order entry"));
        return c;
    });
}

QByteArray writeEnvironmentFile(const Environment &e)
{
    YamlWriter w;
    w.comment(QStringLiteral("Backbench environment; secret values live in the OS keychain"));
    w.scalar("name", e.name);
    if (!e.variables.isEmpty()) {
        w.beginSeq("variables");
        for (const Variable &v : e.variables) {
            w.item();
            w.scalar("name", v.name);
            if (v.secret)
                w.boolean("secret", true);
            else
                w.scalar("value", v.value);
            if (!v.enabled)
                w.boolean("enabled", false);
            w.leave();
        }
        w.leave();
    }
    return w.take();
}

bb::Result<Environment> readEnvironmentFile(const QByteArray &bytes)
{
    return parse<Environment>(bytes, [](const YNode &root) {
        Environment e;
        e.name = text(root.get("name"), "name");
        for (const YNode &v : optionalSeq(root.get("variables"), "variables")) {
            requireMap(&v, "a variable");
            Variable var{text(v.get("name"), "name"), text(v.get("value"), "value"),
                         boolean(v.get("enabled"), "enabled", true),
                         boolean(v.get("secret"), "secret", false)};
            // A value next to secret: true is a leak someone typed in; it is not used.
            if (var.secret)
                var.value.clear();
            e.variables.append(var);
        }
        return e;
    });
}

std::pair<int, int> lineColumn(const QByteArray &bytes, int position)
{
    const int end = std::clamp(position, 0, int(bytes.size()));
    int line = 1, lineStart = 0;
    for (int i = 0; i < end; ++i)
        if (bytes[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return {line, end - lineStart + 1};
}

} // namespace bb::workspace
