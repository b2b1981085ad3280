// bb::client — what the endpoint tester sends and what comes back. Plain values: no curl types,
// so panels, history and exporters (HAR) can hold them without linking libcurl.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <memory>

namespace bb::client {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

enum class HttpVersion {
    Default, ///< libcurl's choice (HTTP/2 over TLS when the server offers it, else 1.1)
    Http1_1,
    Http2, ///< HTTP/2 over TLS (ALPN), HTTP/1.1 for plain http://
};

/// One part of a multipart/form-data body: a text field, or a file streamed from disk.
struct MultipartPart {
    QByteArray name;
    QByteArray value;       ///< the text, when filePath is empty
    QString filePath;       ///< a file to stream, when set
    QByteArray fileName;    ///< the filename sent; defaults to the file's name
    QByteArray contentType; ///< optional
};

struct RequestBody {
    enum class Kind { None, Bytes, File, Multipart };
    Kind kind = Kind::None;
    QByteArray bytes;           ///< Kind::Bytes
    QString filePath;           ///< Kind::File: streamed, never read into memory
    QList<MultipartPart> parts; ///< Kind::Multipart
};

/// How the request proves who sends it. Header and query kinds are plain text added to the
/// request; Basic, Digest and AWS SigV4 are done by libcurl (digest needs the server's nonce,
/// SigV4 signs the final bytes).
struct Auth {
    enum class Kind { None, Basic, Bearer, ApiKeyHeader, ApiKeyQuery, Digest, AwsSigV4 };
    Kind kind = Kind::None;
    QString user;       ///< Basic/Digest user; SigV4 access key id
    QString password;   ///< Basic/Digest password; SigV4 secret key
    QByteArray token;   ///< Bearer token; API key value
    QByteArray keyName; ///< API key header or query parameter name
    /// SigV4 scope: "provider1[:provider2[:region[:service]]]", e.g. "aws:amz:eu-west-1:s3"
    QByteArray awsSigV4;
};

struct HttpRequest {
    QByteArray method = "GET";
    QString url;
    HeaderList headers;
    RequestBody body;
    Auth auth;
    int timeoutMs = 0; ///< whole transfer; 0 = none
    bool followRedirects = true;
    int maxRedirects = 10;
    bool verifyTls = true;
    QString caBundle;   ///< PEM file; empty = system store
    QString clientCert; ///< PEM file
    QString clientKey;  ///< PEM file
    QByteArray clientKeyPassword;
    QString proxy; ///< e.g. "http://127.0.0.1:3128"; empty = none (environment ignored)
    HttpVersion httpVersion = HttpVersion::Default;
    /// Reuse an open connection to the same host from an earlier request of this client. Off by
    /// default so every response shows its full DNS/connect/TLS phases.
    bool reuseConnection = false;
    qint64 bodyFileThreshold = 16 * 1024 * 1024; ///< bigger response bodies go to a file
};

/// Phase timings in microseconds since the transfer started, as libcurl measures them
/// (CURLINFO_*_TIME_T). Each is cumulative from the start; a phase that did not happen reads as 0
/// (TLS on plain http; DNS and connect on a reused connection); -1 when libcurl could not say.
struct PhaseTimings {
    qint64 dnsUs = -1;         ///< name resolved
    qint64 connectUs = -1;     ///< TCP connected
    qint64 tlsUs = -1;         ///< TLS handshake done (0 for plain http)
    qint64 preTransferUs = -1; ///< about to send
    qint64 ttfbUs = -1;        ///< first response byte
    qint64 totalUs = -1;
    qint64 redirectUs = 0; ///< time spent on followed redirects, included in the above
    qint64 downloadUs() const { return totalUs >= 0 && ttfbUs >= 0 ? totalUs - ttfbUs : -1; }
};

/// Bytes moved so far by a running transfer; totals are 0 while unknown.
struct TransferProgress {
    qint64 received = 0;
    qint64 receiveTotal = 0;
    qint64 sent = 0;
    qint64 sendTotal = 0;
};

struct RedirectHop {
    int status = 0;
    QString url;      ///< the URL that answered with this status
    QString location; ///< where it sent us, resolved against url
};

/// A response body kept in a temporary file; the file is removed when the last copy of the
/// response that owns it goes away.
class BodyFile {
public:
    explicit BodyFile(QString path)
        : m_path(std::move(path))
    {}
    ~BodyFile();
    BodyFile(const BodyFile &) = delete;
    BodyFile &operator=(const BodyFile &) = delete;
    const QString &path() const { return m_path; }

private:
    QString m_path;
};

struct HttpResponse {
    int status = 0;         ///< 0 when no response arrived
    QByteArray httpVersion; ///< "1.1", "2", ...
    QString effectiveUrl;
    HeaderList headers;           ///< of the final response, in order
    QList<QByteArray> cookiesSet; ///< the final response's Set-Cookie values
    QByteArray body; ///< when the body stayed under the threshold; decoded (gzip, br, ...)
    std::shared_ptr<BodyFile> bodyFile; ///< when it did not
    qint64 bodySize = 0;
    qint64 uploadedBytes = 0;
    bool connectionReused = false; ///< no new connection was opened for this response
    QString remoteAddress;         ///< the IP the final request went to
    int remotePort = 0;
    QList<RedirectHop> redirects;
    /// What was sent for the final request: its request line first (with an empty value), then
    /// every header libcurl wrote, its own included.
    HeaderList requestHeaders;
    PhaseTimings timings;
    bool cancelled = false;
    /// Empty when the transfer completed (whatever the status); otherwise why not, in libcurl's
    /// words or "cancelled". Status, headers and body then hold whatever had arrived.
    QString error;

    bool ok() const { return error.isEmpty(); }
    QString bodyFilePath() const { return bodyFile ? bodyFile->path() : QString(); }
    /// The first header with this name (case-insensitive), or empty.
    QByteArray header(QByteArrayView name) const;
};

} // namespace bb::client

// So they travel in QVariant, queued signals and data-driven tests.
Q_DECLARE_METATYPE(bb::client::Auth)
Q_DECLARE_METATYPE(bb::client::HttpRequest)
Q_DECLARE_METATYPE(bb::client::HttpResponse)
