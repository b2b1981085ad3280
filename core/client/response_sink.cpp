#include "client/response_sink_p.h"

#include <QDir>
#include <QTemporaryFile>
#include <QUrl>

namespace bb::client {

ResponseSink::ResponseSink(const QString &requestUrl, qint64 threshold)
    : m_currentUrl(requestUrl)
    , m_threshold(threshold < 0 ? 0 : threshold)
{}

void ResponseSink::headerLine(QByteArrayView raw)
{
    QByteArrayView line = raw;
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.startsWith("HTTP/")) {
        // A new response: the previous one was a redirect we followed, a 1xx, or a proxy's
        // CONNECT answer. Only redirects are worth keeping.
        if (m_status >= 300 && m_status < 400) {
            for (const auto &[name, value] : m_headers) {
                if (name.compare("Location", Qt::CaseInsensitive) != 0)
                    continue;
                const QString next =
                    QUrl(m_currentUrl).resolved(QUrl(QString::fromUtf8(value))).toString();
                m_hops.append({m_status, m_currentUrl, next});
                m_currentUrl = next;
                break;
            }
        }
        m_headers.clear();
        resetBody();
        const auto parts = line.toByteArray().split(' ');
        m_status = parts.value(1).toInt();
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return; // the blank line ending a header block, or a folded line libcurl already joined
    m_headers.append({line.first(colon).trimmed().toByteArray(),
                      line.sliced(colon + 1).trimmed().toByteArray()});
}

void ResponseSink::resetBody()
{
    m_memory.clear();
    m_file.reset();
    m_bodyFile.reset(); // removes an earlier hop's file
    m_size = 0;
}

bool ResponseSink::write(const char *data, qsizetype size)
{
    if (!m_file && m_size + size > m_threshold) {
        auto tmp = std::make_unique<QTemporaryFile>(QDir::tempPath() +
                                                    QStringLiteral("/backbench-body-XXXXXX"));
        tmp->setAutoRemove(false); // BodyFile owns the file from here on
        if (!tmp->open()) {
            m_error = QStringLiteral("cannot create a file for the response body: %1")
                          .arg(tmp->errorString());
            return false;
        }
        m_bodyFile = std::make_shared<BodyFile>(tmp->fileName());
        m_file = std::move(tmp);
        if (m_file->write(m_memory) != m_memory.size()) {
            m_error =
                QStringLiteral("cannot write the response body: %1").arg(m_file->errorString());
            return false;
        }
        m_memory = QByteArray();
    }
    if (m_file) {
        if (m_file->write(data, size) != size) {
            m_error =
                QStringLiteral("cannot write the response body: %1").arg(m_file->errorString());
            return false;
        }
    } else {
        m_memory.append(data, size);
    }
    m_size += size;
    return true;
}

void ResponseSink::finish(HttpResponse &response)
{
    if (m_file)
        m_file->close();
    response.headers = std::move(m_headers);
    for (const auto &[name, value] : response.headers)
        if (name.compare("Set-Cookie", Qt::CaseInsensitive) == 0)
            response.cookiesSet.append(value);
    response.redirects = std::move(m_hops);
    response.body = std::move(m_memory);
    response.bodyFile = std::move(m_bodyFile);
    response.bodySize = m_size;
    m_file.reset();
}

} // namespace bb::client
