#include "client/sse_parser.h"

namespace bb::client {

QList<SseEvent> SseParser::feed(QByteArrayView chunk)
{
    QList<SseEvent> out;
    qsizetype i = 0;
    if (m_afterCr && !chunk.isEmpty()) {
        if (chunk.front() == '\n')
            i = 1; // the LF of a CRLF split between two chunks
        m_afterCr = false;
    }
    while (i < chunk.size()) {
        // Copy up to the next line end in one go rather than byte by byte.
        qsizetype end = i;
        while (end < chunk.size() && chunk[end] != '\n' && chunk[end] != '\r')
            ++end;
        m_line.append(chunk.sliced(i, end - i));
        if (end == chunk.size())
            break;
        if (!m_bomChecked) {
            m_bomChecked = true;
            if (m_line.startsWith("\xEF\xBB\xBF"))
                m_line.remove(0, 3);
        }
        processLine(m_line, out);
        m_line.clear();
        if (chunk[end] == '\r') {
            if (end + 1 == chunk.size())
                m_afterCr = true;
            else if (chunk[end + 1] == '\n')
                ++end;
        }
        i = end + 1;
    }
    if (!m_bomChecked && m_line.size() >= 3) {
        m_bomChecked = true;
        if (m_line.startsWith("\xEF\xBB\xBF"))
            m_line.remove(0, 3);
    }
    return out;
}

void SseParser::processLine(const QByteArray &line, QList<SseEvent> &out)
{
    if (line.isEmpty()) { // dispatch
        if (m_hasData) {
            SseEvent e;
            if (!m_type.isEmpty())
                e.type = m_type;
            e.data = m_data;
            e.lastEventId = m_lastEventId;
            e.received = QDateTime::currentDateTimeUtc();
            out.append(e);
        }
        m_data.clear();
        m_hasData = false;
        m_type.clear();
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "event") {
        m_type = QString::fromUtf8(value);
    } else if (field == "data") {
        // The standard appends value + LF and strips the final LF at dispatch; joining with LF
        // between lines is the same thing.
        if (m_hasData)
            m_data += QLatin1Char('\n');
        m_data += QString::fromUtf8(value);
        m_hasData = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
    } else if (field == "retry") {
        bool digits = !value.isEmpty();
        for (char c : value)
            digits &= c >= '0' && c <= '9';
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (digits && ok)
            m_retryMs = ms;
    }
    // Any other field is ignored, as the standard says.
}

} // namespace bb::client
