#include "data_file.h"

#include "tester/run_data.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

namespace bb::plugins::loadtest {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("bb::plugins::loadtest", text);
}

QByteArray withoutBom(const QByteArray &bytes)
{
    return bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes;
}

// The physical line `line` (1-based) of `text`, without its line break.
QByteArray lineOf(const QByteArray &text, int line)
{
    qsizetype start = 0;
    for (int l = 1; l < line; ++l) {
        start = text.indexOf('\n', start);
        if (start < 0)
            return {};
        ++start;
    }
    qsizetype end = text.indexOf('\n', start);
    if (end < 0)
        end = text.size();
    if (end > start && text.at(end - 1) == '\r')
        --end;
    return text.mid(start, end - start);
}

// Columns count characters, not bytes: "é" is one column.
int columnAt(const QByteArray &line, qsizetype byteOffset)
{
    return int(QString::fromUtf8(line.left(byteOffset)).size()) + 1;
}

} // namespace

QString DataFile::summary() const
{
    const QString file = path.isEmpty() ? tr("stored rows") : QFileInfo(path).fileName();
    if (!ok()) {
        if (line > 0 && column > 0)
            return tr("%1: line %2, column %3: %4").arg(file).arg(line).arg(column).arg(error);
        if (line > 0)
            return tr("%1: line %2: %3").arg(file).arg(line).arg(error);
        return tr("%1: %2").arg(file, error);
    }
    const QString count = rows.size() == 1 ? tr("1 row") : tr("%1 rows").arg(rows.size());
    return tr("%1 · %2 · %3").arg(file, count, names.join(QStringLiteral(", ")));
}

int csvErrorColumn(const QByteArray &text, int line, const QString &message)
{
    const QByteArray l = lineOf(withoutBom(text), line);
    // One pass over the line as the reader sees it, noting where each field starts.
    std::vector<qsizetype> fieldStarts{0};
    qsizetype openQuote = -1;
    for (qsizetype i = 0; i < l.size(); ++i) {
        const char c = l.at(i);
        const bool fieldStart = i == fieldStarts.back();
        if (c == '"' && fieldStart) {
            const qsizetype open = i;
            ++i;
            while (i < l.size() && !(l.at(i) == '"' && (i + 1 >= l.size() || l.at(i + 1) != '"')))
                i += l.at(i) == '"' ? 2 : 1;
            if (i >= l.size()) {
                openQuote = open;
                break;
            }
            // i is on the closing quote: what follows must end the field.
            if (i + 1 < l.size() && l.at(i + 1) != ',' &&
                message.startsWith(QLatin1String("unexpected")))
                return columnAt(l, i + 1);
            continue;
        }
        if (c == '"' && message.startsWith(QLatin1String("a quote inside")))
            return columnAt(l, i);
        if (c == ',')
            fieldStarts.push_back(i + 1);
    }
    if (message.startsWith(QLatin1String("unterminated")))
        return openQuote >= 0 ? columnAt(l, openQuote) : 0;
    // "3 fields, the header has 2": the first field too many, or the end of a short record.
    static const QRegularExpression counts(QStringLiteral("^(\\d+) fields, the header has (\\d+)"));
    if (const auto m = counts.match(message); m.hasMatch()) {
        const auto expected = m.captured(2).toLongLong();
        if (qsizetype(fieldStarts.size()) > expected && expected > 0)
            return columnAt(l, fieldStarts[std::size_t(expected)]);
        return columnAt(l, l.size());
    }
    static const QRegularExpression unnamed(QStringLiteral("^column (\\d+) of the header"));
    if (const auto m = unnamed.match(message); m.hasMatch()) {
        const auto index = m.captured(1).toLongLong() - 1;
        if (index >= 0 && index < qsizetype(fieldStarts.size()))
            return columnAt(l, fieldStarts[std::size_t(index)]);
    }
    return 0;
}

DataFile loadDataFile(const QString &path)
{
    DataFile out;
    out.path = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = file.errorString();
        return out;
    }
    const QByteArray bytes = file.readAll();
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
                      withoutBom(bytes).trimmed().startsWith('[');
    const tester::DataParse parsed =
        json ? tester::parseJsonData(bytes) : tester::parseCsvData(bytes);
    if (!parsed.ok()) {
        out.error = parsed.error->message;
        out.line = parsed.error->line;
        if (json) {
            // The reader gives the line of a syntax error; its offset gives the column too. Qt's
            // offset is just past the token it stopped at ("[1 2]" → 4), so step back one.
            QJsonParseError e;
            const QByteArray body = withoutBom(bytes);
            QJsonDocument::fromJson(body, &e);
            if (e.error != QJsonParseError::NoError) {
                const qsizetype offset = std::clamp<qsizetype>(e.offset - 1, 0, body.size());
                const qsizetype lineStart = body.lastIndexOf('\n', offset - 1) + 1;
                out.line = int(body.left(offset).count('\n')) + 1;
                out.column = columnAt(body.mid(lineStart), offset - lineStart);
            }
        } else if (out.line > 0) {
            out.column = csvErrorColumn(bytes, out.line, out.error);
        }
        return out;
    }
    if (parsed.rows.isEmpty()) {
        out.error = tr("no rows (a CSV needs a header row and at least one row)");
        return out;
    }
    for (const auto &kv : parsed.rows.first())
        out.names.append(kv.name);
    for (const tester::DataRow &row : parsed.rows) {
        std::map<std::string, std::string> values;
        for (const auto &kv : row)
            values[kv.name.toStdString()] = kv.value.toStdString();
        out.rows.push_back(std::move(values));
    }
    return out;
}

DataFile dataFromRows(std::vector<std::map<std::string, std::string>> rows)
{
    DataFile out;
    out.rows = std::move(rows);
    if (!out.rows.empty()) {
        for (const auto &[name, value] : out.rows.front())
            out.names.append(QString::fromStdString(name));
    }
    return out;
}

} // namespace bb::plugins::loadtest
