// Private: collects what libcurl hands back — status lines, headers, the body — into an
// HttpResponse, moving the body to a temporary file once it passes the request's threshold so a
// 100 MB answer never sits in memory.
#pragma once

#include "client/http_types.h"

#include <QFile>

#include <memory>

namespace bb::client {

class ResponseSink {
public:
    ResponseSink(const QString &requestUrl, qint64 threshold);

    /// One header line as libcurl gives it (with CRLF); a status line starts a new response.
    void headerLine(QByteArrayView line);
    /// Appends body bytes; false (with error()) when the temporary file cannot be written.
    bool write(const char *data, qsizetype size);
    /// Moves headers, body and redirect hops into response.
    void finish(HttpResponse &response);

    const QString &error() const { return m_error; }
    /// The response being received: its status and headers so far.
    int status() const { return m_status; }
    const HeaderList &headers() const { return m_headers; }

private:
    void resetBody();

    QString m_currentUrl;
    qint64 m_threshold;
    int m_status = 0;
    HeaderList m_headers;
    QList<RedirectHop> m_hops;
    QByteArray m_memory;
    std::unique_ptr<QFile> m_file;
    std::shared_ptr<BodyFile> m_bodyFile;
    qint64 m_size = 0;
    QString m_error;
};

} // namespace bb::client
