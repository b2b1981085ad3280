// libFuzzer target for the CSV reader: arbitrary bytes with each separator. A malformed input
// must fail with "line L, column C: …" inside the input; a well-formed one must consume every
// byte, and writing its records back (as the exporter quotes them) must read back the same.
#include "dbx/csv_reader.h"
#include "dbx/export_writers_p.h"
#include <QBuffer>
#include <QRegularExpression>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using bb::dbx::CsvReader;

namespace {

// Names the broken property before aborting, so a crash log says which one failed.
void checkAt(bool condition, const char *what, int line)
{
    if (condition)
        return;
    std::fprintf(stderr, "fuzz_csv_reader.cpp:%d: property failed: %s\n", line, what);
    std::abort();
}
#define check(condition) checkAt((condition), #condition, __LINE__)

// Records of `bytes`, or nullopt with `error` set.
std::optional<QList<QStringList>> readAll(const QByteArray &bytes, char sep, QString *error,
                                          qint64 *consumed)
{
    QBuffer buf;
    buf.setData(bytes);
    buf.open(QIODevice::ReadOnly);
    CsvReader reader(&buf, sep);
    QList<QStringList> out;
    QStringList fields;
    for (int guard = 0; guard <= bytes.size() + 1; ++guard) {
        auto more = reader.next(fields);
        if (!more) {
            *error = more.error().message;
            return std::nullopt;
        }
        if (!*more) {
            *consumed = reader.bytesRead();
            return out;
        }
        out << fields;
    }
    std::abort(); // more records than bytes: the reader is not advancing
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    static const QRegularExpression position(QStringLiteral("^line (\\d+), column (\\d+): "));
    const char detected = CsvReader::detectSeparator(input);
    check(detected == ',' || detected == ';' || detected == '\t' || detected == '|');
    for (char sep : {',', ';', '\t', '|'}) {
        QString error;
        qint64 consumed = 0;
        const auto records = readAll(input, sep, &error, &consumed);
        if (!records) {
            const auto m = position.match(error);
            check(m.hasMatch());
            check(m.captured(1).toLongLong() >= 1 && m.captured(1).toLongLong() <= size + 1);
            check(m.captured(2).toLongLong() >= 1 && m.captured(2).toLongLong() <= size + 1);
            continue;
        }
        check(consumed == qint64(size));
        // Invalid UTF-8 does not survive decoding unchanged; only compare clean text.
        if (QString::fromUtf8(input).toUtf8() != input)
            continue;
        QByteArray written;
        for (const QStringList &r : *records) {
            for (qsizetype i = 0; i < r.size(); ++i) {
                if (i)
                    written += sep;
                // An empty only field would make a blank line, which the reader skips.
                written += r[i].isEmpty() && r.size() == 1 ? QByteArray("\"\"")
                                                           : bb::dbx::internal::csvField(r[i], sep);
            }
            written += "\r\n";
        }
        QString again;
        qint64 ignored = 0;
        const auto reread = readAll(written, sep, &again, &ignored);
        check(reread.has_value());
        // A leading byte order mark is dropped by whichever read sees it first.
        if (!input.startsWith("\xEF\xBB\xBF") && !written.startsWith("\xEF\xBB\xBF"))
            check(*reread == *records);
    }
    return 0;
}
