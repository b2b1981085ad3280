#include "workspace/workspace_file.h"

#include "workspace/yaml_writer_p.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>

namespace bb::workspace {

namespace {

using detail::YamlWriter;

// ---- names shared by the writer and the reader -------------------------------------------

struct StringField {
    const char *key;
    QString Auth::*member;
};
const std::array<StringField, 18> kAuthStrings = {{
    {"username", &Auth::username},
    {"password", &Auth::password},
    {"token", &Auth::token},
    {"keyName", &Auth::keyName},
    {"keyValue", &Auth::keyValue},
    {"accessKey", &Auth::accessKey},
    {"secretKey", &Auth::secretKey},
    {"region", &Auth::region},
    {"service", &Auth::service},
    {"sessionToken", &Auth::sessionToken},
    {"grantType", &Auth::grantType},
    {"authUrl", &Auth::authUrl},
    {"tokenUrl", &Auth::tokenUrl},
    {"clientId", &Auth::clientId},
    {"clientSecret", &Auth::clientSecret},
    {"scope", &Auth::scope},
    {"redirectUri", &Auth::redirectUri},
    {nullptr, nullptr},
}};

struct SettingsString {
    const char *key;
    QString RequestSettings::*member;
};
const std::array<SettingsString, 6> kSettingsStrings = {{
    {"caBundle", &RequestSettings::caBundle},
    {"clientCert", &RequestSettings::clientCert},
    {"clientKey", &RequestSettings::clientKey},
    {"proxy", &RequestSettings::proxy},
    {"httpVersion", &RequestSettings::httpVersion},
    {nullptr, nullptr},
}};

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
    for (const SettingsString &f : kSettingsStrings)
        if (f.key && !(s.*f.member).isEmpty())
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
    for (const StringField &f : kAuthStrings)
        if (f.key && !(a.*f.member).isEmpty())
            w.scalar(f.key, a.*f.member);
    if (a.keyIn == Auth::ApiKeyIn::Query)
        w.scalar("keyIn", QStringLiteral("query"));
    if (!a.pkce)
        w.boolean("pkce", false);
    w.leave();
}

// ---- reading ----------------------------------------------------------------------------

struct FormatError {
    QString message;
    YAML::Mark mark;
};

[[noreturn]] void fail(const YAML::Node &n, const QString &message)
{
    throw FormatError{message, n.Mark()};
}

QString text(const YAML::Node &n, const char *what)
{
    if (!n || n.IsNull())
        return {};
    if (!n.IsScalar())
        fail(n, QStringLiteral("%1 must be text").arg(QLatin1String(what)));
    return QString::fromStdString(n.Scalar());
}

bool boolean(const YAML::Node &n, const char *what, bool fallback)
{
    if (!n || n.IsNull())
        return fallback;
    const QString s = text(n, what);
    if (s == u"true")
        return true;
    if (s == u"false")
        return false;
    fail(n, QStringLiteral("%1 must be true or false").arg(QLatin1String(what)));
}

int integer(const YAML::Node &n, const char *what, int fallback)
{
    if (!n || n.IsNull())
        return fallback;
    bool ok = false;
    const int v = text(n, what).toInt(&ok);
    if (!ok || v < 0)
        fail(n, QStringLiteral("%1 must be a whole number >= 0").arg(QLatin1String(what)));
    return v;
}

void requireMap(const YAML::Node &n, const char *what)
{
    if (!n.IsMap())
        fail(n, QStringLiteral("%1 must be a mapping of keys to values").arg(QLatin1String(what)));
}

// A missing or null list is empty; anything else must be a sequence.
bool optionalSeq(const YAML::Node &n, const char *what)
{
    if (!n || n.IsNull())
        return false;
    if (!n.IsSequence())
        fail(n, QStringLiteral("%1 must be a list").arg(QLatin1String(what)));
    return true;
}

QList<KeyValue> keyValues(const YAML::Node &n, const char *what)
{
    QList<KeyValue> out;
    if (!optionalSeq(n, what))
        return out;
    for (const YAML::Node &item : n) {
        requireMap(item, what);
        out.append({text(item["name"], "name"), text(item["value"], "value"),
                    boolean(item["enabled"], "enabled", true)});
    }
    return out;
}

RequestSettings settingsOf(const YAML::Node &n)
{
    RequestSettings s;
    requireMap(n, "settings");
    s.timeoutMs = integer(n["timeoutMs"], "timeoutMs", s.timeoutMs);
    s.followRedirects = boolean(n["followRedirects"], "followRedirects", s.followRedirects);
    s.maxRedirects = integer(n["maxRedirects"], "maxRedirects", s.maxRedirects);
    s.verifyTls = boolean(n["verifyTls"], "verifyTls", s.verifyTls);
    for (const SettingsString &f : kSettingsStrings)
        if (f.key)
            s.*f.member = text(n[f.key], f.key);
    return s;
}

Body bodyOf(const YAML::Node &n)
{
    Body b;
    if (!n || n.IsNull())
        return b;
    requireMap(n, "body");
    const QString kind = text(n["kind"], "body kind");
    const auto k = std::find_if(kBodyKinds.begin(), kBodyKinds.end(),
                                [&](Body::Kind k) { return bodyKindName(k) == kind; });
    if (k == kBodyKinds.end())
        fail(n["kind"] ? n["kind"] : n,
             QStringLiteral("body kind must be none, raw, urlencoded, multipart, file or graphql"));
    b.kind = *k;
    b.contentType = text(n["contentType"], "contentType");
    b.filePath = text(n["file"], "file");
    b.text = text(n["text"], "text");
    b.graphqlVariables = text(n["graphqlVariables"], "graphqlVariables");
    if (optionalSeq(n["fields"], "fields")) {
        for (const YAML::Node &f : n["fields"]) {
            requireMap(f, "a form field");
            b.fields.append({text(f["name"], "name"), text(f["value"], "value"),
                             text(f["file"], "file"), text(f["contentType"], "contentType"),
                             boolean(f["enabled"], "enabled", true)});
        }
    }
    return b;
}

Auth authOf(const YAML::Node &n)
{
    Auth a;
    if (!n || n.IsNull())
        return a;
    requireMap(n, "auth");
    const QString kind = text(n["kind"], "auth kind");
    const auto k = std::find_if(kAuthKinds.begin(), kAuthKinds.end(),
                                [&](Auth::Kind k) { return authKindName(k) == kind; });
    if (k == kAuthKinds.end())
        fail(n["kind"] ? n["kind"] : n,
             QStringLiteral("auth kind must be none, basic, bearer, apikey, digest, awsv4 or "
                            "oauth2"));
    a.kind = *k;
    for (const StringField &f : kAuthStrings)
        if (f.key)
            a.*f.member = text(n[f.key], f.key);
    const QString in = text(n["keyIn"], "keyIn");
    if (!in.isEmpty() && in != u"header" && in != u"query")
        fail(n["keyIn"], QStringLiteral("keyIn must be header or query"));
    a.keyIn = in == u"query" ? Auth::ApiKeyIn::Query : Auth::ApiKeyIn::Header;
    a.pkce = boolean(n["pkce"], "pkce", true);
    return a;
}

bb::Error errorAt(const QString &what, const YAML::Mark &m, qsizetype size)
{
    // yaml-cpp may point one past the end, or nowhere (-1): keep positions inside the file.
    const int pos = int(std::clamp<qsizetype>(m.pos, 0, size));
    return bb::Error::invalid(QStringLiteral("line %1, column %2: %3")
                                  .arg(std::max(m.line, 0) + 1)
                                  .arg(std::max(m.column, 0) + 1)
                                  .arg(what),
                              pos);
}

// Parses one file and hands its top-level mapping to `read`; every failure, yaml-cpp's or the
// format's, becomes an Error pointing into the file.
template<typename T, typename F> bb::Result<T> parse(const QByteArray &bytes, F read)
{
    try {
        const YAML::Node root = YAML::Load(bytes.toStdString());
        if (!root.IsMap())
            return errorAt(QStringLiteral("the file must be a mapping of keys to values"),
                           root.Mark(), bytes.size());
        return read(root);
    } catch (const FormatError &e) {
        return errorAt(e.message, e.mark, bytes.size());
    } catch (const YAML::Exception &e) {
        return errorAt(QString::fromStdString(e.msg), e.mark, bytes.size());
    }
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
    return parse<HttpRequest>(bytes, [](const YAML::Node &n) {
        HttpRequest r;
        r.name = text(n["name"], "name");
        const QString method = text(n["method"], "method");
        if (!method.isEmpty())
            r.method = method;
        r.url = text(n["url"], "url");
        r.description = text(n["description"], "description");
        r.headers = keyValues(n["headers"], "headers");
        r.query = keyValues(n["query"], "query");
        r.auth = authOf(n["auth"]);
        r.variables = keyValues(n["variables"], "variables");
        if (n["settings"] && !n["settings"].IsNull())
            r.settings = settingsOf(n["settings"]);
        r.body = bodyOf(n["body"]);
        if (const YAML::Node s = n["scripts"]; s && !s.IsNull()) {
            requireMap(s, "scripts");
            r.preRequestScript = text(s["preRequest"], "preRequest");
            r.testScript = text(s["test"], "test");
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
    return parse<ContainerFile>(bytes, [kind](const YAML::Node &n) {
        ContainerFile c;
        if (kind == ContainerKind::Workspace) {
            c.format = integer(n["format"], "format", kWorkspaceFormatVersion);
            if (c.format > kWorkspaceFormatVersion)
                fail(n["format"], QStringLiteral("workspace format %1 is newer than this "
                                                 "Backbench reads (%2)")
                                      .arg(c.format)
                                      .arg(kWorkspaceFormatVersion));
        }
        c.name = text(n["name"], "name");
        c.description = text(n["description"], "description");
        c.variables = keyValues(n["variables"], "variables");
        if (n["settings"] && !n["settings"].IsNull())
            c.settings = settingsOf(n["settings"]);
        if (optionalSeq(n["order"], "order"))
            for (const YAML::Node &s : n["order"])
                c.order.append(text(s, "an order entry"));
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
    return parse<Environment>(bytes, [](const YAML::Node &n) {
        Environment e;
        e.name = text(n["name"], "name");
        if (optionalSeq(n["variables"], "variables")) {
            for (const YAML::Node &v : n["variables"]) {
                requireMap(v, "a variable");
                Variable var{text(v["name"], "name"), text(v["value"], "value"),
                             boolean(v["enabled"], "enabled", true),
                             boolean(v["secret"], "secret", false)};
                // A value next to secret: true is a leak someone typed in; it is not used.
                if (var.secret)
                    var.value.clear();
                e.variables.append(var);
            }
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
