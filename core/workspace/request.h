// bb::workspace — the request model every importer produces and every exporter reads.
// Plain value types: no Qt object model, no I/O, so they can be copied, compared and fuzzed freely.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace bb::workspace {

/// A name/value pair that the user can switch off without deleting it (headers, query, form
/// fields).
struct KeyValue {
    QString name;
    QString value;
    bool enabled = true;

    bool operator==(const KeyValue &) const = default;
};

/// One multipart or urlencoded field; a multipart field may name a file instead of a value.
struct FormField {
    QString name;
    QString value;
    QString filePath; ///< set for multipart file parts (`-F name=@path`); value is then empty
    QString contentType;
    bool enabled = true;

    bool operator==(const FormField &) const = default;
};

struct Body {
    enum class Kind { None, Raw, UrlEncoded, Multipart, File, GraphQl };
    Kind kind = Kind::None;
    QString contentType; ///< empty when the source did not say
    QString text;        ///< Raw text, or the GraphQL query
    QList<FormField> fields;
    QString filePath;         ///< Kind::File: the file whose bytes are sent
    QString graphqlVariables; ///< Kind::GraphQl: the variables as JSON text

    bool operator==(const Body &) const = default;
};

struct Auth {
    enum class Kind { None, Basic, Bearer, ApiKey, Digest, AwsV4, OAuth2 };
    enum class ApiKeyIn { Header, Query };
    Kind kind = Kind::None;
    QString username; ///< Basic, Digest
    QString password; ///< Basic, Digest
    QString token;    ///< Bearer; OAuth2 access token
    QString keyName;  ///< ApiKey
    QString keyValue; ///< ApiKey
    ApiKeyIn keyIn = ApiKeyIn::Header;
    QString accessKey;    ///< AwsV4
    QString secretKey;    ///< AwsV4
    QString region;       ///< AwsV4
    QString service;      ///< AwsV4
    QString sessionToken; ///< AwsV4
    QString grantType;    ///< OAuth2
    QString authUrl;      ///< OAuth2
    QString tokenUrl;     ///< OAuth2
    QString clientId;     ///< OAuth2
    QString clientSecret; ///< OAuth2
    QString scope;        ///< OAuth2
    QString redirectUri;  ///< OAuth2 authorization code: empty = a loopback port picked at run time
    bool pkce = true;     ///< OAuth2 authorization code: send an S256 code challenge

    bool operator==(const Auth &) const = default;
};

/// Transport options a collection sets for all its requests and a request may override.
struct RequestSettings {
    int timeoutMs = 0; ///< whole transfer; 0 = none
    bool followRedirects = true;
    int maxRedirects = 10;
    bool verifyTls = true;
    QString caBundle;    ///< PEM file; empty = the system store
    QString clientCert;  ///< PEM file
    QString clientKey;   ///< PEM file
    QString proxy;       ///< e.g. "http://127.0.0.1:3128"; empty = none
    QString httpVersion; ///< "", "1.1" or "2"; empty = libcurl's choice

    bool operator==(const RequestSettings &) const = default;
};

/// One request as the user edits it. `{{var}}` references stay as text; they are resolved
/// only when the request is sent, so an import never loses them.
struct HttpRequest {
    QString name;
    QString method = QStringLiteral("GET");
    QString url;
    QList<KeyValue> headers; ///< in source order; duplicates are allowed
    QList<KeyValue> query; ///< params the source listed apart from the URL (the URL keeps its own)
    Body body;
    Auth auth;
    QString description;
    QString preRequestScript;  ///< JavaScript run before sending (Postman's "prerequest")
    QString testScript;        ///< JavaScript run on the response (Postman's "test")
    QList<KeyValue> variables; ///< request scope: the narrowest, see docs/workspace-format.md
    std::optional<RequestSettings> settings; ///< unset = the collection's

    bool operator==(const HttpRequest &) const = default;
};

struct Folder {
    QString name;
    QList<HttpRequest> requests;
    QList<Folder> folders;
    QList<KeyValue> variables; ///< folder scope: between collection and request

    bool operator==(const Folder &) const = default;
    /// Requests in this folder and all below it.
    qsizetype requestCount() const;
};

struct Collection {
    QString name;
    Folder root;
    QList<KeyValue> variables;
    RequestSettings settings;
    QString description;

    bool operator==(const Collection &) const = default;
};

/// One environment variable. A secret's value never goes into workspace files: it lives in the
/// OS keychain, and the file keeps only its name.
struct Variable {
    QString name;
    QString value;
    bool enabled = true;
    bool secret = false;

    bool operator==(const Variable &) const = default;
};

/// A named set of variables the user switches between (local, staging, ...).
struct Environment {
    QString name;
    QList<Variable> variables;

    bool operator==(const Environment &) const = default;
};

/// Something in the source that the model could not carry, named so the user can find it.
struct ImportWarning {
    QString where; ///< e.g. "request 'Get pets'", "line 4", "argument 7"
    QString what;  ///< e.g. "unsupported flag --proxy (skipped)"

    bool operator==(const ImportWarning &) const = default;
};

struct ImportReport {
    Collection collection;
    QList<ImportWarning> warnings;
};

QString bodyKindName(Body::Kind kind);
QString authKindName(Auth::Kind kind);

} // namespace bb::workspace
