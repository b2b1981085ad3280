#include "tester/request_builder.h"

#include "client/auth.h"
#include "client/request_bodies.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>

#include <cctype>
#include <cstring>

namespace bb::tester {

using workspace::Auth;
using workspace::Body;

namespace {

/// What every step shares: the variables, where unresolved names collect, and the options.
struct Builder {
    const VariableScopes &vars;
    const BuildOptions &options;
    QStringList unresolved;

    QString resolve(const QString &text) { return vars.resolve(text, &unresolved); }

    /// A file the request reads: resolved, made absolute against baseDir, and checked.
    Result<QString> filePath(const QString &raw, const QString &field)
    {
        const QString resolved = resolve(raw).trimmed();
        if (resolved.isEmpty())
            return Error::invalid(QStringLiteral("%1: no file chosen").arg(field));
        QString path = resolved;
        if (QFileInfo(path).isRelative() && !options.baseDir.isEmpty())
            path = QDir(options.baseDir).filePath(path);
        const QFileInfo info(path);
        if (!info.exists())
            return Error::invalid(QStringLiteral("%1: file '%2' does not exist").arg(field, path));
        if (!info.isFile())
            return Error::invalid(QStringLiteral("%1: '%2' is not a file").arg(field, path));
        if (!info.isReadable())
            return Error::invalid(QStringLiteral("%1: file '%2' is not readable").arg(field, path));
        return info.absoluteFilePath();
    }
};

/// Splits at sep where it is not inside a `{{...}}` reference, into at most maxParts pieces.
QStringList splitOutsideBraces(const QString &s, QChar sep, int maxParts = -1)
{
    QStringList parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == QLatin1Char('{') && i + 1 < s.size() && s[i + 1] == QLatin1Char('{')) {
            const qsizetype close = s.indexOf(QLatin1String("}}"), i + 2);
            if (close >= 0) {
                i = close + 1;
                continue;
            }
        }
        if (s[i] == sep && (maxParts < 0 || parts.size() + 1 < maxParts)) {
            parts.append(s.mid(start, i - start));
            start = i + 1;
        }
    }
    parts.append(s.mid(start));
    return parts;
}

/// Index of the first c outside `{{...}}`, or -1.
qsizetype indexOutsideBraces(const QString &s, QChar c)
{
    const QStringList parts = splitOutsideBraces(s, c, 2);
    return parts.size() == 2 ? parts[0].size() : -1;
}

QByteArray encodeParts(const QList<ResolvedPart> &parts)
{
    QByteArray out;
    for (const auto &p : parts)
        out += encodeQueryPart(p.text, p.fromVariable);
    return out;
}

Result<QString> buildUrl(const workspace::HttpRequest &request, Builder &b)
{
    const QString raw = request.url.trimmed();
    if (raw.isEmpty())
        return Error::invalid(QStringLiteral("url: the URL is empty"));
    QString base = raw, query;
    if (const qsizetype hash = indexOutsideBraces(base, QLatin1Char('#')); hash >= 0)
        base.truncate(hash); // fragments never go on the wire
    if (const qsizetype q = indexOutsideBraces(base, QLatin1Char('?')); q >= 0) {
        query = base.mid(q + 1);
        base.truncate(q);
    }
    QString resolvedBase = b.resolve(base).trimmed();
    // A variable may hold a whole URL with a query ("{{api}}" = "http://h/x?key=1").
    if (const qsizetype q = resolvedBase.indexOf(QLatin1Char('?')); q >= 0) {
        query =
            resolvedBase.mid(q + 1) + (query.isEmpty() ? QString() : QStringLiteral("&")) + query;
        resolvedBase.truncate(q);
    }
    if (!resolvedBase.contains(QLatin1String("://")))
        resolvedBase.prepend(QLatin1String("http://")); // as Postman and curl do
    const QUrl url(resolvedBase, QUrl::TolerantMode);
    if (!url.isValid())
        return Error::invalid(QStringLiteral("url: '%1' is not a valid URL (%2)")
                                  .arg(resolvedBase, url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return Error::invalid(
            QStringLiteral("url: scheme '%1' is not supported (use http or https)").arg(scheme));
    if (url.host().isEmpty())
        return Error::invalid(QStringLiteral("url: '%1' has no host").arg(resolvedBase));

    QByteArrayList items;
    const auto addItem = [&](const QString &name, const std::optional<QString> &value) {
        QByteArray item = encodeParts(b.vars.resolveParts(name, &b.unresolved));
        if (value)
            item += '=' + encodeParts(b.vars.resolveParts(*value, &b.unresolved));
        if (!item.isEmpty())
            items.append(item);
    };
    if (!query.isEmpty()) {
        for (const QString &item : splitOutsideBraces(query, QLatin1Char('&'))) {
            const QStringList nv = splitOutsideBraces(item, QLatin1Char('='), 2);
            addItem(nv[0], nv.size() == 2 ? std::optional<QString>(nv[1]) : std::nullopt);
        }
    }
    for (const auto &kv : request.query) {
        if (kv.enabled && !(kv.name.isEmpty() && kv.value.isEmpty()))
            addItem(kv.name, kv.value);
    }
    QString out = url.toString(QUrl::FullyEncoded | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (!items.isEmpty())
        out += QLatin1Char('?') + QString::fromLatin1(items.join('&'));
    return out;
}

bool isToken(const QString &name)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return token.match(name).hasMatch();
}

const QPair<QByteArray, QByteArray> *findHeader(const client::HeaderList &headers,
                                                QByteArrayView name)
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return &h;
    return nullptr;
}

Result<void> buildHeaders(const workspace::HttpRequest &request, Builder &b,
                          client::HttpRequest &wire)
{
    for (const auto &kv : request.headers) {
        if (!kv.enabled)
            continue;
        const QString name = b.resolve(kv.name).trimmed();
        if (name.isEmpty())
            continue;
        if (!isToken(name))
            return Error::invalid(QStringLiteral("header '%1': not a valid header name").arg(name));
        const QString value = b.resolve(kv.value);
        if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')))
            return Error::invalid(
                QStringLiteral("header '%1': the value holds a line break").arg(name));
        wire.headers.append({name.toUtf8(), value.toUtf8()});
    }
    return {};
}

/// Sets Content-Type unless the user set one: their header always wins.
void defaultContentType(client::HttpRequest &wire, const QByteArray &type)
{
    if (!type.isEmpty() && !findHeader(wire.headers, "Content-Type"))
        wire.headers.append({"Content-Type", type});
}

Result<void> buildBody(const Body &body, Builder &b, client::HttpRequest &wire)
{
    switch (body.kind) {
    case Body::Kind::None:
        return {};
    case Body::Kind::Raw: {
        const QByteArray bytes = b.resolve(body.text).toUtf8();
        if (bytes.isEmpty() && body.contentType.isEmpty())
            return {}; // an editor's empty raw body: send none rather than an empty text/plain
        wire.body.kind = client::RequestBody::Kind::Bytes;
        wire.body.bytes = bytes;
        QByteArray type = b.resolve(body.contentType).trimmed().toUtf8();
        if (type.isEmpty()) {
            QJsonParseError error;
            QJsonDocument::fromJson(bytes, &error);
            type = error.error == QJsonParseError::NoError ? "application/json"
                                                           : "text/plain; charset=utf-8";
        }
        defaultContentType(wire, type);
        return {};
    }
    case Body::Kind::UrlEncoded: {
        QList<QPair<QString, QString>> fields;
        for (const auto &f : body.fields)
            if (f.enabled && !f.name.isEmpty())
                fields.append({b.resolve(f.name), b.resolve(f.value)});
        wire.body.kind = client::RequestBody::Kind::Bytes;
        wire.body.bytes = client::formUrlEncode(fields);
        defaultContentType(wire, "application/x-www-form-urlencoded");
        return {};
    }
    case Body::Kind::Multipart: {
        QList<client::MultipartPart> parts;
        for (const auto &f : body.fields) {
            if (!f.enabled || f.name.isEmpty())
                continue;
            client::MultipartPart part;
            part.name = b.resolve(f.name).toUtf8();
            part.contentType = b.resolve(f.contentType).trimmed().toUtf8();
            if (!f.filePath.isEmpty()) {
                auto path = b.filePath(f.filePath, QStringLiteral("body field '%1'").arg(f.name));
                if (!path)
                    return path.error();
                part.filePath = *path;
            } else {
                part.value = b.resolve(f.value).toUtf8();
            }
            parts.append(part);
        }
        // libcurl writes the boundary into its own Content-Type; a user's one would lack it.
        wire.headers.removeIf([](const auto &h) {
            return h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
        });
        client::setMultipartBody(wire, parts);
        return {};
    }
    case Body::Kind::File: {
        auto path = b.filePath(body.filePath, QStringLiteral("body file"));
        if (!path)
            return path.error();
        wire.body.kind = client::RequestBody::Kind::File;
        wire.body.filePath = *path;
        const QByteArray type = b.resolve(body.contentType).trimmed().toUtf8();
        defaultContentType(wire, type.isEmpty() ? "application/octet-stream" : type);
        return {};
    }
    case Body::Kind::GraphQl: {
        QJsonObject payload{{QStringLiteral("query"), b.resolve(body.text)}};
        const QString variablesText = b.resolve(body.graphqlVariables).trimmed();
        if (!variablesText.isEmpty()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(variablesText.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError)
                return Error::invalid(
                    QStringLiteral("GraphQL variables: not valid JSON at offset %1 (%2)")
                        .arg(error.offset)
                        .arg(error.errorString()),
                    error.offset);
            if (!doc.isObject())
                return Error::invalid(QStringLiteral("GraphQL variables: must be a JSON object"));
            payload.insert(QStringLiteral("variables"), doc.object());
        }
        wire.body.kind = client::RequestBody::Kind::Bytes;
        wire.body.bytes = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        defaultContentType(wire, "application/json");
        return {};
    }
    }
    return {};
}

Auth resolvedAuth(const Auth &a, Builder &b)
{
    Auth r = a;
    for (QString *s :
         {&r.username, &r.password, &r.token, &r.keyName, &r.keyValue, &r.accessKey, &r.secretKey,
          &r.region, &r.service, &r.sessionToken, &r.grantType, &r.authUrl, &r.tokenUrl,
          &r.clientId, &r.clientSecret, &r.scope, &r.redirectUri})
        *s = b.resolve(*s);
    return r;
}

Result<void> buildAuth(const Auth &raw, Builder &b, client::HttpRequest &wire)
{
    if (raw.kind == Auth::Kind::None)
        return {};
    const Auth a = resolvedAuth(raw, b);
    switch (a.kind) {
    case Auth::Kind::None:
        return {};
    case Auth::Kind::Basic:
        wire.auth = client::basicAuth(a.username, a.password);
        return {};
    case Auth::Kind::Digest:
        wire.auth = client::digestAuth(a.username, a.password);
        return {};
    case Auth::Kind::Bearer:
        if (a.token.trimmed().isEmpty())
            return Error::invalid(QStringLiteral("auth.token: the bearer token is empty"));
        wire.auth = client::bearerAuth(a.token.trimmed().toUtf8());
        return {};
    case Auth::Kind::ApiKey: {
        const QByteArray name = a.keyName.trimmed().toUtf8();
        if (name.isEmpty())
            return Error::invalid(QStringLiteral("auth.keyName: the API key needs a name"));
        if (a.keyIn == Auth::ApiKeyIn::Header && !isToken(QString::fromUtf8(name)))
            return Error::invalid(
                QStringLiteral("auth.keyName: '%1' is not a valid header name").arg(a.keyName));
        wire.auth = a.keyIn == Auth::ApiKeyIn::Header
                        ? client::apiKeyHeader(name, a.keyValue.toUtf8())
                        : client::apiKeyQuery(name, a.keyValue.toUtf8());
        return {};
    }
    case Auth::Kind::AwsV4: {
        if (a.accessKey.isEmpty() || a.secretKey.isEmpty())
            return Error::invalid(
                QStringLiteral("auth.accessKey: AWS Signature v4 needs an access key and a "
                               "secret key"));
        const QString region = a.region.trimmed(), service = a.service.trimmed();
        if (region.isEmpty() && !service.isEmpty())
            return Error::invalid(
                QStringLiteral("auth.region: a service is set, so the region is needed too"));
        // libcurl's CURLOPT_AWS_SIGV4 syntax; without a region it derives both from the host.
        QByteArray provider = "aws:amz";
        if (!region.isEmpty())
            provider += ':' + region.toUtf8();
        if (!service.isEmpty())
            provider += ':' + service.toUtf8();
        wire.auth = client::awsSigV4(a.accessKey, a.secretKey, provider);
        if (!a.sessionToken.isEmpty())
            wire.headers.append({"X-Amz-Security-Token", a.sessionToken.toUtf8()});
        return {};
    }
    case Auth::Kind::OAuth2: {
        QString token;
        if (b.options.oauth2Token) {
            auto got = b.options.oauth2Token(a);
            if (!got)
                return Error{got.error().code,
                             QStringLiteral("auth (OAuth 2.0): %1").arg(got.error().message)};
            token = *got;
        } else {
            token = a.token.trimmed();
            if (token.isEmpty())
                return Error::invalid(QStringLiteral(
                    "auth (OAuth 2.0): no token source is available and auth.token holds no "
                    "access token; get a token first"));
        }
        wire.auth = client::bearerAuth(token.toUtf8());
        return {};
    }
    }
    return {};
}

Result<void> applySettings(const workspace::RequestSettings &s, Builder &b,
                           client::HttpRequest &wire)
{
    if (s.timeoutMs < 0)
        return Error::invalid(QStringLiteral("settings.timeoutMs: must not be negative"));
    wire.timeoutMs = s.timeoutMs;
    wire.followRedirects = s.followRedirects;
    wire.maxRedirects = s.maxRedirects;
    wire.verifyTls = s.verifyTls;
    const struct {
        const QString &raw;
        QString &target;
        const char *field;
    } files[] = {{s.caBundle, wire.caBundle, "settings.caBundle"},
                 {s.clientCert, wire.clientCert, "settings.clientCert"},
                 {s.clientKey, wire.clientKey, "settings.clientKey"}};
    for (const auto &f : files) {
        if (f.raw.trimmed().isEmpty())
            continue;
        auto path = b.filePath(f.raw, QString::fromLatin1(f.field));
        if (!path)
            return path.error();
        f.target = *path;
    }
    wire.proxy = b.resolve(s.proxy).trimmed();
    const QString version = s.httpVersion.trimmed();
    if (version.isEmpty())
        wire.httpVersion = client::HttpVersion::Default;
    else if (version == QLatin1String("1.1"))
        wire.httpVersion = client::HttpVersion::Http1_1;
    else if (version == QLatin1String("2"))
        wire.httpVersion = client::HttpVersion::Http2;
    else
        return Error::invalid(
            QStringLiteral("settings.httpVersion: '%1' is not one of \"\", \"1.1\", \"2\"")
                .arg(version));
    return {};
}

QString randomHex(int bytes)
{
    QByteArray raw(bytes, '\0');
    // An all-zero id is invalid in W3C trace context (the engine would start its own trace).
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    if (raw.count('\0') == raw.size())
        raw[bytes - 1] = 1;
    return QString::fromLatin1(raw.toHex());
}

} // namespace

QByteArray encodeQueryPart(const QString &text, bool fromVariable)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    const auto isHex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        bool keep = unreserved;
        if (!fromVariable && !keep) {
            if (c == '%')
                keep = i + 2 < utf8.size() && isHex(utf8[i + 1]) && isHex(utf8[i + 2]);
            else
                keep = c != '\0' && std::strchr("!$&'()*+,;=:@/?", c) != nullptr;
        }
        if (keep) {
            out += c;
        } else {
            out += '%';
            out += QByteArray::number(static_cast<unsigned char>(c), 16)
                       .rightJustified(2, '0')
                       .toUpper();
        }
    }
    return out;
}

QByteArray newTraceParent(QString *traceId)
{
    const QString id = randomHex(16);
    if (traceId)
        *traceId = id;
    return "00-" + id.toLatin1() + '-' + randomHex(8).toLatin1() + "-01";
}

Result<BuiltRequest> buildRequest(const workspace::HttpRequest &request,
                                  const VariableScopes &variables,
                                  const workspace::RequestSettings &collectionSettings,
                                  const BuildOptions &options)
{
    // The request's own variables are its Request scope, unless the caller filled that already.
    std::optional<VariableScopes> withRequest;
    if (!request.variables.isEmpty() && variables.scope(Scope::Request).isEmpty()) {
        withRequest = variables;
        withRequest->setScope(Scope::Request, request.variables);
    }
    Builder b{withRequest ? *withRequest : variables, options, {}};
    BuiltRequest built;
    client::HttpRequest &wire = built.wire;

    const QString method = b.resolve(request.method).trimmed().toUpper();
    if (!method.isEmpty() && !isToken(method))
        return Error::invalid(QStringLiteral("method: '%1' is not a valid method").arg(method));
    wire.method = method.isEmpty() ? QByteArray("GET") : method.toLatin1();

    auto url = buildUrl(request, b);
    if (!url)
        return url.error();
    wire.url = *url;

    if (auto r = buildHeaders(request, b, wire); !r)
        return r.error();
    if (auto r = buildBody(request.body, b, wire); !r)
        return r.error();
    if (auto r = buildAuth(request.auth, b, wire); !r)
        return r.error();
    if (auto r = applySettings(request.settings.value_or(collectionSettings), b, wire); !r)
        return r.error();

    if (const auto *own = findHeader(wire.headers, "traceparent")) {
        // The user's own wins; if it is well formed, the trace tab can still find it.
        static const QRegularExpression valid(
            QStringLiteral("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$"));
        const auto m = valid.match(QString::fromLatin1(own->second.trimmed()));
        if (m.hasMatch())
            built.traceId = m.captured(1);
    } else if (options.addTraceParent) {
        wire.headers.append({"traceparent", newTraceParent(&built.traceId)});
    }
    built.unresolved = b.unresolved;
    return built;
}

} // namespace bb::tester
