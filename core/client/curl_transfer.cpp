#include "client/curl_transfer_p.h"

#include "client/auth.h"
#include "client/curl_global_p.h"
#include "client/response_sink_p.h"

#include <QFile>
#include <QFileInfo>

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace bb::client {

void TransferControl::cancel()
{
    m_cancelled.store(true, std::memory_order_release);
    std::lock_guard lock(m_mutex);
    if (m_multi)
        curl_multi_wakeup(m_multi);
}

void TransferControl::setProgress(qint64 received, qint64 receiveTotal, qint64 sent,
                                  qint64 sendTotal)
{
    m_received.store(received, std::memory_order_relaxed);
    m_receiveTotal.store(receiveTotal, std::memory_order_relaxed);
    m_sent.store(sent, std::memory_order_relaxed);
    m_sendTotal.store(sendTotal, std::memory_order_relaxed);
}

TransferProgress TransferControl::progress() const
{
    return {m_received.load(std::memory_order_relaxed),
            m_receiveTotal.load(std::memory_order_relaxed), m_sent.load(std::memory_order_relaxed),
            m_sendTotal.load(std::memory_order_relaxed)};
}

void TransferControl::attach(CURLM *multi)
{
    std::lock_guard lock(m_mutex);
    m_multi = multi;
}

void TransferControl::detach()
{
    std::lock_guard lock(m_mutex);
    m_multi = nullptr;
}

namespace {

/// The URL with its query parameters in byte order of their encoded form. SigV4 signs the query
/// sorted, and the libcurl of Debian 12 (7.88) signs it as written: an unsorted query would reach
/// the server with a signature that cannot match. The order means nothing to an AWS-style API.
QByteArray sortedQueryUrl(const QByteArray &url)
{
    const qsizetype q = url.indexOf('?');
    if (q < 0)
        return url;
    const qsizetype hash = url.indexOf('#', q);
    const QByteArray query = url.mid(q + 1, hash < 0 ? -1 : hash - q - 1);
    QByteArrayList params = query.split('&');
    params.removeAll(QByteArray());
    std::sort(params.begin(), params.end(), [](const QByteArray &a, const QByteArray &b) {
        const auto key = [](const QByteArray &p) { return p.left(p.indexOf('=')); };
        return key(a) != key(b) ? key(a) < key(b) : a < b;
    });
    return url.left(q + 1) + params.join('&') + (hash < 0 ? QByteArray() : url.mid(hash));
}

struct Callbacks {
    ResponseSink *sink;
    TransferControl *control;
    QFile *upload;
    QByteArray sentHeaders; ///< the header block of the last request written
    bool sentHeadersDone = false;
};

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    static_cast<Callbacks *>(user)->sink->headerLine(QByteArrayView(data, qsizetype(size * count)));
    return size * count;
}

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *cb = static_cast<Callbacks *>(user);
    if (cb->control->isCancelled())
        return CURL_WRITEFUNC_ERROR;
    if (const auto &hook = cb->control->bodyHook())
        return hook(*cb->sink, QByteArrayView(data, qsizetype(size * count)))
                   ? size * count
                   : CURL_WRITEFUNC_ERROR;
    return cb->sink->write(data, qsizetype(size * count)) ? size * count : CURL_WRITEFUNC_ERROR;
}

size_t onRead(char *buffer, size_t size, size_t count, void *user)
{
    auto *cb = static_cast<Callbacks *>(user);
    if (cb->control->isCancelled())
        return CURL_READFUNC_ABORT;
    const qint64 n = cb->upload->read(buffer, qint64(size * count));
    return n < 0 ? CURL_READFUNC_ABORT : size_t(n);
}

int onSeek(void *user, curl_off_t offset, int origin)
{
    // libcurl rewinds an upload to resend it after a 307/308 or an auth challenge.
    QFile *upload = static_cast<Callbacks *>(user)->upload;
    if (origin != SEEK_SET || !upload->seek(offset))
        return CURL_SEEKFUNC_CANTSEEK;
    return CURL_SEEKFUNC_OK;
}

int onDebug(CURL *, curl_infotype type, char *data, size_t size, void *user)
{
    // Only the outgoing headers are kept: what the server really got, after libcurl added its
    // own (Host, User-Agent, Accept-Encoding, Authorization for basic/digest/SigV4, Cookie).
    if (type != CURLINFO_HEADER_OUT)
        return 0;
    auto *cb = static_cast<Callbacks *>(user);
    if (cb->sentHeadersDone) { // a new request (redirect, auth round trip) starts a new block
        cb->sentHeaders.clear();
        cb->sentHeadersDone = false;
    }
    cb->sentHeaders.append(data, qsizetype(size));
    cb->sentHeadersDone = cb->sentHeaders.endsWith("\r\n\r\n");
    return 0;
}

int onProgress(void *user, curl_off_t downTotal, curl_off_t down, curl_off_t upTotal, curl_off_t up)
{
    TransferControl *control = static_cast<Callbacks *>(user)->control;
    control->setProgress(down, downTotal, up, upTotal);
    // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    return control->isCancelled() ? 1 : 0;
}

// RAII for everything the easy handle points at; it must outlive curl_easy_cleanup's last use.
struct Handles {
    CURL *easy = nullptr;
    CURLM *multi = nullptr;
    curl_slist *headers = nullptr;
    curl_mime *mime = nullptr;
    ~Handles()
    {
        if (multi && easy)
            curl_multi_remove_handle(multi, easy);
        if (easy)
            curl_easy_cleanup(easy);
        if (multi)
            curl_multi_cleanup(multi);
        curl_mime_free(mime);
        curl_slist_free_all(headers);
    }
};

// Records the first option libcurl refuses, so the response says which one and why.
class Options {
public:
    explicit Options(CURL *easy)
        : m_easy(easy)
    {}
    template<typename T> void set(CURLoption option, T value, const char *name)
    {
        if (!m_error.isEmpty())
            return;
        const CURLcode rc = curl_easy_setopt(m_easy, option, value);
        if (rc != CURLE_OK)
            m_error =
                QStringLiteral("libcurl rejected %1: %2")
                    .arg(QString::fromLatin1(name), QString::fromUtf8(curl_easy_strerror(rc)));
    }
    void fail(const QString &error)
    {
        if (m_error.isEmpty())
            m_error = error;
    }
    const QString &error() const { return m_error; }

private:
    CURL *m_easy;
    QString m_error;
};

#define BB_SET(opts, option, value) (opts).set(option, value, #option)

void setMethodAndBody(Options &o, const HttpRequest &r, Handles &h, QFile &upload, Callbacks &cb)
{
    const QByteArray method = r.method.toUpper();
    const bool custom = method != "GET" && method != "POST" && method != "HEAD";
    switch (r.body.kind) {
    case RequestBody::Kind::None:
        if (method == "HEAD")
            BB_SET(o, CURLOPT_NOBODY, 1L);
        else if (method == "POST") {
            BB_SET(o, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(0));
            BB_SET(o, CURLOPT_POSTFIELDS, "");
        } else
            BB_SET(o, CURLOPT_HTTPGET, 1L);
        break;
    case RequestBody::Kind::Bytes:
        BB_SET(o, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(r.body.bytes.size()));
        BB_SET(o, CURLOPT_POSTFIELDS, r.body.bytes.constData());
        break;
    case RequestBody::Kind::File: {
        upload.setFileName(r.body.filePath);
        if (!upload.open(QIODevice::ReadOnly)) {
            o.fail(QStringLiteral("cannot read the body file %1: %2")
                       .arg(r.body.filePath, upload.errorString()));
            return;
        }
        BB_SET(o, CURLOPT_POST, 1L);
        BB_SET(o, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(upload.size()));
        BB_SET(o, CURLOPT_READFUNCTION, &onRead);
        BB_SET(o, CURLOPT_SEEKFUNCTION, &onSeek);
        BB_SET(o, CURLOPT_SEEKDATA, &cb);
        break;
    }
    case RequestBody::Kind::Multipart:
        h.mime = curl_mime_init(h.easy);
        for (const MultipartPart &p : r.body.parts) {
            curl_mimepart *part = curl_mime_addpart(h.mime);
            curl_mime_name(part, p.name.constData());
            CURLcode rc = CURLE_OK;
            if (p.filePath.isEmpty()) {
                rc = curl_mime_data(part, p.value.constData(), size_t(p.value.size()));
            } else {
                // Streamed from disk by libcurl when the body is sent.
                rc = curl_mime_filedata(part, QFile::encodeName(p.filePath).constData());
                const QByteArray fileName =
                    p.fileName.isEmpty() ? QFileInfo(p.filePath).fileName().toUtf8() : p.fileName;
                if (rc == CURLE_OK)
                    rc = curl_mime_filename(part, fileName.constData());
            }
            if (rc == CURLE_OK && !p.contentType.isEmpty())
                rc = curl_mime_type(part, p.contentType.constData());
            if (rc != CURLE_OK) {
                o.fail(
                    QStringLiteral("multipart part '%1': %2")
                        .arg(QString::fromUtf8(p.name), QString::fromUtf8(curl_easy_strerror(rc))));
                return;
            }
        }
        BB_SET(o, CURLOPT_MIMEPOST, h.mime);
        break;
    }
    if (custom || (method == "GET" && r.body.kind != RequestBody::Kind::None))
        BB_SET(o, CURLOPT_CUSTOMREQUEST, method.constData());
}

void setAuth(Options &o, const Auth &a, const QByteArray &user, const QByteArray &password,
             const QByteArray &sigV4)
{
    switch (a.kind) {
    case Auth::Kind::Basic:
    case Auth::Kind::Digest:
    case Auth::Kind::AwsSigV4:
        BB_SET(o, CURLOPT_USERNAME, user.constData());
        BB_SET(o, CURLOPT_PASSWORD, password.constData());
        break;
    default:
        return;
    }
    if (a.kind == Auth::Kind::Basic)
        BB_SET(o, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
    else if (a.kind == Auth::Kind::Digest)
        BB_SET(o, CURLOPT_HTTPAUTH, long(CURLAUTH_DIGEST));
    else
        BB_SET(o, CURLOPT_AWS_SIGV4, sigV4.constData());
}

long curlHttpVersion(HttpVersion v)
{
    switch (v) {
    case HttpVersion::Http1_1:
        return CURL_HTTP_VERSION_1_1;
    case HttpVersion::Http2:
        return CURL_HTTP_VERSION_2TLS;
    case HttpVersion::Default:
        break;
    }
    return CURL_HTTP_VERSION_NONE;
}

QByteArray versionText(long v)
{
    switch (v) {
    case CURL_HTTP_VERSION_1_0:
        return "1.0";
    case CURL_HTTP_VERSION_1_1:
        return "1.1";
    case CURL_HTTP_VERSION_2_0:
        return "2";
    case CURL_HTTP_VERSION_3:
        return "3";
    default:
        return {};
    }
}

qint64 timeInfo(CURL *easy, CURLINFO info)
{
    curl_off_t v = -1;
    return curl_easy_getinfo(easy, info, &v) == CURLE_OK ? qint64(v) : -1;
}

void readTimings(CURL *easy, PhaseTimings &t)
{
    t.dnsUs = timeInfo(easy, CURLINFO_NAMELOOKUP_TIME_T);
    t.connectUs = timeInfo(easy, CURLINFO_CONNECT_TIME_T);
    t.tlsUs = timeInfo(easy, CURLINFO_APPCONNECT_TIME_T);
    t.preTransferUs = timeInfo(easy, CURLINFO_PRETRANSFER_TIME_T);
    t.ttfbUs = timeInfo(easy, CURLINFO_STARTTRANSFER_TIME_T);
    t.totalUs = timeInfo(easy, CURLINFO_TOTAL_TIME_T);
    t.redirectUs = timeInfo(easy, CURLINFO_REDIRECT_TIME_T);
}

// "GET /p HTTP/1.1\r\nHost: h\r\n...\r\n\r\n" -> (request line, "") then name/value pairs.
HeaderList parseSentHeaders(const QByteArray &block)
{
    HeaderList out;
    const QList<QByteArray> lines = block.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (i == 0 || colon <= 0)
            out.append({line, {}});
        else
            out.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return out;
}

// Drives the one easy handle until it finishes or control is cancelled.
CURLcode perform(Handles &h, TransferControl &control)
{
    h.multi = curl_multi_init();
    if (!h.multi || curl_multi_add_handle(h.multi, h.easy) != CURLM_OK)
        return CURLE_OUT_OF_MEMORY;
    control.attach(h.multi);
    CURLcode result = CURLE_OK;
    for (;;) {
        if (control.isCancelled()) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        int running = 0;
        if (curl_multi_perform(h.multi, &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        int queued = 0;
        bool done = false;
        while (CURLMsg *msg = curl_multi_info_read(h.multi, &queued)) {
            if (msg->msg == CURLMSG_DONE) {
                result = msg->data.result;
                done = true;
            }
        }
        if (done || running == 0)
            break;
        // Woken early by curl_multi_wakeup() from cancel(); 100 ms is only the fallback.
        curl_multi_poll(h.multi, nullptr, 0, 100, nullptr);
    }
    control.detach();
    return result;
}

} // namespace

HttpResponse runTransfer(const HttpRequest &original, CURLSH *cookies, TransferControl &control)
{
    ensureCurlGlobalInit();
    HttpResponse response;
    const HttpRequest r = withTextAuth(original);
    Handles h;
    h.easy = curl_easy_init();
    if (!h.easy) {
        response.error = QStringLiteral("curl_easy_init failed");
        return response;
    }
    ResponseSink sink(r.url, r.bodyFileThreshold);
    QFile upload;
    Callbacks cb{&sink, &control, &upload, {}, false};
    char errorBuffer[CURL_ERROR_SIZE] = {};

    const QByteArray url =
        r.auth.kind == Auth::Kind::AwsSigV4 ? sortedQueryUrl(r.url.toUtf8()) : r.url.toUtf8();
    const QByteArray user = r.auth.user.toUtf8(), password = r.auth.password.toUtf8();
    const QByteArray caBundle = QFile::encodeName(r.caBundle);
    const QByteArray cert = QFile::encodeName(r.clientCert), key = QFile::encodeName(r.clientKey);
    const QByteArray proxy = r.proxy.toUtf8();

    Options o(h.easy);
    BB_SET(o, CURLOPT_ERRORBUFFER, errorBuffer);
    BB_SET(o, CURLOPT_URL, url.constData());
    BB_SET(o, CURLOPT_PROTOCOLS_STR, "http,https");
    BB_SET(o, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    BB_SET(o, CURLOPT_NOSIGNAL, 1L);
    BB_SET(o, CURLOPT_USERAGENT, "Backbench");
    BB_SET(o, CURLOPT_ACCEPT_ENCODING, ""); // every encoding libcurl can decode
    BB_SET(o, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    BB_SET(o, CURLOPT_HEADERFUNCTION, &onHeader);
    BB_SET(o, CURLOPT_HEADERDATA, &cb);
    BB_SET(o, CURLOPT_WRITEFUNCTION, &onBody);
    BB_SET(o, CURLOPT_WRITEDATA, &cb);
    BB_SET(o, CURLOPT_READDATA, &cb);
    BB_SET(o, CURLOPT_DEBUGFUNCTION, &onDebug);
    BB_SET(o, CURLOPT_DEBUGDATA, &cb);
    BB_SET(o, CURLOPT_VERBOSE, 1L); // feeds onDebug; nothing is printed
    BB_SET(o, CURLOPT_NOPROGRESS, 0L);
    BB_SET(o, CURLOPT_XFERINFOFUNCTION, &onProgress);
    BB_SET(o, CURLOPT_XFERINFODATA, &cb);
    BB_SET(o, CURLOPT_TIMEOUT_MS, long(qMax(0, r.timeoutMs)));
    BB_SET(o, CURLOPT_FOLLOWLOCATION, r.followRedirects ? 1L : 0L);
    BB_SET(o, CURLOPT_MAXREDIRS, long(r.maxRedirects));
    BB_SET(o, CURLOPT_SSL_VERIFYPEER, r.verifyTls ? 1L : 0L);
    BB_SET(o, CURLOPT_SSL_VERIFYHOST, r.verifyTls ? 2L : 0L);
    if (!r.caBundle.isEmpty())
        BB_SET(o, CURLOPT_CAINFO, caBundle.constData());
    if (!r.clientCert.isEmpty())
        BB_SET(o, CURLOPT_SSLCERT, cert.constData());
    if (!r.clientKey.isEmpty())
        BB_SET(o, CURLOPT_SSLKEY, key.constData());
    if (!r.clientKeyPassword.isEmpty())
        BB_SET(o, CURLOPT_KEYPASSWD, r.clientKeyPassword.constData());
    // An empty proxy disables proxies outright, so http_proxy in the environment cannot reroute
    // a request the user aimed at a specific host.
    BB_SET(o, CURLOPT_PROXY, proxy.constData());
    BB_SET(o, CURLOPT_HTTP_VERSION, curlHttpVersion(r.httpVersion));
    BB_SET(o, CURLOPT_FRESH_CONNECT, r.reuseConnection ? 0L : 1L);
    BB_SET(o, CURLOPT_FORBID_REUSE, r.reuseConnection ? 0L : 1L);
    if (cookies) {
        BB_SET(o, CURLOPT_SHARE, cookies);
        BB_SET(o, CURLOPT_COOKIEFILE, ""); // turns the cookie engine on
    }
    setAuth(o, r.auth, user, password, r.auth.awsSigV4);
    setMethodAndBody(o, r, h, upload, cb);

    // "Expect: 100-continue" stalls uploads for a second on servers that ignore it; users who
    // want it add the header themselves.
    bool userExpect = false;
    for (const auto &[name, value] : r.headers) {
        userExpect |= name.compare("Expect", Qt::CaseInsensitive) == 0;
        // "Name;" is libcurl's way to send a header with an empty value.
        const QByteArray line = value.isEmpty() ? name + ';' : name + ": " + value;
        h.headers = curl_slist_append(h.headers, line.constData());
    }
    if (!userExpect) {
        // libcurl's SigV4 signs every header in the list, the blank "Expect:" included, but never
        // sends a blank one, so the server's signature would not match (a local verifier in
        // tst_http_client caught it). Signed requests get the same effect by not waiting instead.
        if (r.auth.kind == Auth::Kind::AwsSigV4)
            BB_SET(o, CURLOPT_EXPECT_100_TIMEOUT_MS, 0L);
        else
            h.headers = curl_slist_append(h.headers, "Expect:");
    }
    BB_SET(o, CURLOPT_HTTPHEADER, h.headers);

    if (!o.error().isEmpty()) {
        response.error = o.error();
        return response;
    }

    const CURLcode rc = perform(h, control);

    long status = 0, version = 0;
    curl_easy_getinfo(h.easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(h.easy, CURLINFO_HTTP_VERSION, &version);
    char *effective = nullptr;
    curl_easy_getinfo(h.easy, CURLINFO_EFFECTIVE_URL, &effective);
    curl_off_t uploaded = 0;
    curl_easy_getinfo(h.easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    response.status = int(status);
    response.httpVersion = versionText(version);
    response.effectiveUrl = QString::fromUtf8(effective);
    response.uploadedBytes = qint64(uploaded);
    long connects = 0, remotePort = 0;
    char *remoteIp = nullptr;
    curl_easy_getinfo(h.easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(h.easy, CURLINFO_PRIMARY_IP, &remoteIp);
    curl_easy_getinfo(h.easy, CURLINFO_PRIMARY_PORT, &remotePort);
    response.connectionReused = connects == 0 && status != 0;
    response.remoteAddress = QString::fromLatin1(remoteIp);
    response.remotePort = int(remotePort);
    readTimings(h.easy, response.timings);
    sink.finish(response);
    response.requestHeaders = parseSentHeaders(cb.sentHeaders);

    if (control.isCancelled()) {
        response.cancelled = true;
        response.error = QStringLiteral("cancelled");
    } else if (!sink.error().isEmpty()) {
        response.error = sink.error();
    } else if (rc != CURLE_OK) {
        response.error = errorBuffer[0] ? QString::fromUtf8(errorBuffer)
                                        : QString::fromUtf8(curl_easy_strerror(rc));
    }
    return response;
}

} // namespace bb::client
