// bb::dbx — an RFC 4180 CSV reader: quoted fields with embedded separators, quotes and newlines,
// CRLF or LF, a UTF-8 BOM, and the separator detected from , ; tab |. Streams from a QIODevice.
#pragma once
#include "common/result.h"
#include <QByteArray>
#include <QIODevice>
#include <QStringList>

namespace bb::dbx {

class CsvReader {
public:
    /// Reads `device` (open for reading) with `separator`; the reader does not own it.
    CsvReader(QIODevice *device, char separator);

    /// The most likely separator among , ; \t | for `sample` (the first KBs of a file): the one
    /// that splits the sample's lines (outside quotes) into the most consistent field count > 1.
    /// ',' when nothing splits.
    static char detectSeparator(QByteArrayView sample);

    /// The next record into `fields`; false at the end of input. A malformed record (a quote
    /// inside an unquoted field, text after a closing quote, an unterminated quote) is an
    /// ErrorCode::Invalid error whose message names the 1-based line and column.
    Result<bool> next(QStringList &fields);

    /// 1-based line the reader is on (where the next record starts, blank lines aside).
    qint64 line() const { return m_line; }
    /// 1-based line the record last returned by next() started on: for error messages.
    qint64 recordLine() const { return m_recordLine; }
    /// Bytes consumed so far (for progress).
    qint64 bytesRead() const { return m_consumed; }

private:
    bool fill();
    int peek();
    int get();

    QIODevice *m_device;
    char m_sep;
    QByteArray m_buf;
    qsizetype m_pos = 0;
    qint64 m_consumed = 0;
    qint64 m_line = 1;
    qint64 m_recordLine = 0;
    int m_col = 1; ///< 1-based column (in bytes) of the next character
    bool m_started = false;
    bool m_eof = false;
};

} // namespace bb::dbx
