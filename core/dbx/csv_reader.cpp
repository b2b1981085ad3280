#include "dbx/csv_reader.h"
#include <QHash>
#include <QStringDecoder>
#include <algorithm>

namespace bb::dbx {

namespace {

constexpr qint64 kChunk = 64 * 1024;

// QString::fromUtf8 drops a leading U+FEFF, so a field that really starts with one (only the
// file's own first byte order mark is not data; next() skips that one) would lose it.
QString decodeField(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::ConvertInitialBom |
                                                     QStringConverter::Flag::Stateless);
    return decoder(bytes);
}

Error malformed(qint64 line, int column, const QString &what)
{
    return Error::invalid(QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(what));
}

// Field counts of the sample's complete lines for `sep`, honouring quotes.
QList<int> fieldCounts(QByteArrayView sample, char sep)
{
    QList<int> counts;
    int fields = 1;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 0; i < sample.size() && counts.size() < 50; ++i) {
        const char c = sample[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == sep) {
            ++fields;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            if (any)
                counts << fields;
            if (c == '\r' && i + 1 < sample.size() && sample[i + 1] == '\n')
                ++i;
            fields = 1;
            any = false;
            continue;
        }
        any = true;
    }
    return counts; // a last line without its newline may be cut off: not counted
}

} // namespace

CsvReader::CsvReader(QIODevice *device, char separator)
    : m_device(device)
    , m_sep(separator)
{}

char CsvReader::detectSeparator(QByteArrayView sample)
{
    // The candidate whose most common field count (> 1) covers the most lines wins; ties go to
    // the one that splits into more fields, then to the order below.
    char best = ',';
    qint64 bestScore = 0;
    for (char sep : {',', ';', '\t', '|'}) {
        QList<int> counts = fieldCounts(sample, sep);
        if (counts.isEmpty()) {
            // A single line without a newline: count its fields directly.
            const qsizetype n = std::count(sample.begin(), sample.end(), sep);
            if (n > 0)
                counts << int(n + 1);
        }
        QHash<int, int> freq;
        for (int c : counts)
            ++freq[c];
        for (auto it = freq.cbegin(); it != freq.cend(); ++it) {
            if (it.key() <= 1)
                continue;
            const qint64 score = qint64(it.value()) * 1000 + it.key();
            if (score > bestScore) {
                bestScore = score;
                best = sep;
            }
        }
    }
    return best;
}

bool CsvReader::fill()
{
    if (m_eof)
        return false;
    m_buf = m_device->read(kChunk);
    m_pos = 0;
    if (m_buf.isEmpty()) {
        m_eof = true;
        return false;
    }
    return true;
}

int CsvReader::peek()
{
    if (m_pos >= m_buf.size() && !fill())
        return -1;
    return static_cast<unsigned char>(m_buf[m_pos]);
}

int CsvReader::get()
{
    const int c = peek();
    if (c < 0)
        return c;
    ++m_pos;
    ++m_consumed;
    if (c == '\n') {
        ++m_line;
        m_col = 1;
    } else {
        ++m_col;
    }
    return c;
}

Result<bool> CsvReader::next(QStringList &fields)
{
    fields.clear();
    if (!m_started) {
        m_started = true;
        // A UTF-8 byte order mark is not part of the first field.
        if (peek() == 0xEF) {
            if (m_buf.size() - m_pos < 3)
                m_buf += m_device->read(3);
            if (m_buf.mid(m_pos, 3) == QByteArrayLiteral("\xEF\xBB\xBF")) {
                m_pos += 3;
                m_consumed += 3;
            }
        }
    }
    // Blank lines between records carry no data.
    for (int c = peek(); c == '\n' || c == '\r'; c = peek()) {
        get();
        if (c == '\r' && peek() != '\n')
            ++m_line, m_col = 1; // a lone CR ends a line too
    }
    if (peek() < 0)
        return false;
    m_recordLine = m_line;

    QByteArray field;
    for (;;) {
        field.clear();
        if (peek() == '"') {
            const qint64 startLine = m_line;
            const int startCol = m_col;
            get();
            for (;;) {
                const int c = get();
                if (c < 0)
                    return malformed(startLine, startCol,
                                     QStringLiteral("the quoted field starting here never ends"));
                if (c == '"') {
                    if (peek() != '"')
                        break;
                    get();
                }
                field.append(char(c));
            }
            const int after = peek();
            if (after >= 0 && after != m_sep && after != '\n' && after != '\r')
                return malformed(
                    m_line, m_col,
                    QStringLiteral("unexpected '%1' after a closing quote").arg(QChar(after)));
        } else {
            for (int c = peek(); c >= 0 && c != m_sep && c != '\n' && c != '\r'; c = peek()) {
                if (c == '"')
                    return malformed(m_line, m_col,
                                     QStringLiteral("a quote inside an unquoted field (quote the "
                                                    "whole field and double the quote)"));
                field.append(char(get()));
            }
        }
        fields << decodeField(field);
        const int c = peek();
        if (c == m_sep) {
            get();
            continue;
        }
        if (c == '\r') {
            get();
            if (peek() == '\n')
                get();
            else
                ++m_line, m_col = 1;
        } else if (c == '\n') {
            get();
        }
        return true;
    }
}

} // namespace bb::dbx
