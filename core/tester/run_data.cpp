#include "tester/run_data.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::tester {

namespace {

DataParse failure(int line, QString message)
{
    DataParse p;
    p.error = DataError{line, std::move(message)};
    return p;
}

QByteArrayView withoutBom(const QByteArray &bytes)
{
    QByteArrayView v(bytes);
    if (v.startsWith("\xEF\xBB\xBF"))
        v = v.sliced(3);
    return v;
}

int lineAt(QByteArrayView text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    return int(text.first(offset).count('\n')) + 1;
}

struct CsvRecord {
    QStringList fields;
    int line = 0;
};

} // namespace

DataParse parseCsvData(const QByteArray &bytes)
{
    const QByteArrayView in = withoutBom(bytes);
    QList<CsvRecord> records;
    CsvRecord record;
    QByteArray field;
    int line = 1;
    qsizetype i = 0;
    const qsizetype n = in.size();
    bool recordHasContent = false; // a record of one empty unquoted field is a blank line

    auto endField = [&] {
        record.fields.append(QString::fromUtf8(field));
        field.clear();
    };
    auto endRecord = [&] {
        endField();
        if (recordHasContent || record.fields.size() > 1)
            records.append(record);
        record = CsvRecord{};
        recordHasContent = false;
    };

    // Each pass reads one field (quoted or not) and the separator after it.
    while (i <= n) {
        if (record.fields.isEmpty() && field.isEmpty() && !recordHasContent)
            record.line = line;
        if (i < n && in[i] == '"') {
            const int startLine = line;
            recordHasContent = true;
            ++i;
            for (;;) {
                if (i >= n)
                    return failure(startLine, QStringLiteral("unterminated quoted field"));
                const char c = in[i];
                if (c == '"') {
                    if (i + 1 < n && in[i + 1] == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (c == '\n')
                    ++line;
                field.append(c);
                ++i;
            }
            // After the closing quote only a separator or the end of the record may follow.
            if (i < n && in[i] != ',' && in[i] != '\n' &&
                !(in[i] == '\r' && i + 1 < n && in[i + 1] == '\n') && in[i] != '\r')
                return failure(line, QStringLiteral("unexpected '%1' after a closing quote")
                                         .arg(QChar::fromLatin1(in[i])));
        } else {
            while (i < n && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
                if (in[i] == '"')
                    return failure(line, QStringLiteral("a quote inside an unquoted field"));
                field.append(in[i]);
                ++i;
            }
            if (!field.isEmpty())
                recordHasContent = true;
        }
        if (i >= n) {
            endRecord();
            break;
        }
        if (in[i] == ',') {
            endField();
            recordHasContent = true;
            ++i;
            continue;
        }
        // CRLF, LF or a lone CR end the record.
        if (in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')
            ++i;
        ++i;
        endRecord();
        ++line;
    }

    if (records.isEmpty())
        return failure(0, QStringLiteral("no header row"));
    const QStringList header = records.first().fields;
    for (qsizetype c = 0; c < header.size(); ++c) {
        if (header.at(c).isEmpty())
            return failure(records.first().line,
                           QStringLiteral("column %1 of the header has no name").arg(c + 1));
    }
    DataParse out;
    for (qsizetype r = 1; r < records.size(); ++r) {
        const CsvRecord &rec = records.at(r);
        if (rec.fields.size() != header.size())
            return failure(rec.line, QStringLiteral("%1 fields, the header has %2")
                                         .arg(rec.fields.size())
                                         .arg(header.size()));
        DataRow row;
        for (qsizetype c = 0; c < header.size(); ++c)
            row.append({header.at(c), rec.fields.at(c), true});
        out.rows.append(row);
    }
    return out;
}

DataParse parseJsonData(const QByteArray &bytes)
{
    const QByteArrayView in = withoutBom(bytes);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(in.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError)
        return failure(lineAt(in, err.offset), err.errorString());
    if (!doc.isArray())
        return failure(1, QStringLiteral("the data must be a JSON array of objects"));
    DataParse out;
    const QJsonArray array = doc.array();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return failure(0, QStringLiteral("element %1 is not an object").arg(i));
        const QJsonObject o = array.at(i).toObject();
        DataRow row;
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue v = it.value();
            QString text;
            switch (v.type()) {
            case QJsonValue::String:
                text = v.toString();
                break;
            case QJsonValue::Double:
                text = QString::number(v.toDouble(), 'g', 17);
                break;
            case QJsonValue::Bool:
                text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
                break;
            case QJsonValue::Null:
                text = QStringLiteral("null");
                break;
            case QJsonValue::Array:
                text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
                break;
            case QJsonValue::Object:
                text =
                    QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
                break;
            case QJsonValue::Undefined:
                break;
            }
            row.append({it.key(), text, true});
        }
        out.rows.append(row);
    }
    return out;
}

bb::Result<QList<DataRow>> readDataFile(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("%1: %2").arg(name, file.errorString()));
    const QByteArray bytes = file.readAll();
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
                      withoutBom(bytes).trimmed().startsWith('[');
    const DataParse parsed = json ? parseJsonData(bytes) : parseCsvData(bytes);
    if (!parsed.ok()) {
        const DataError &e = *parsed.error;
        return Error::invalid(e.line > 0
                                  ? QStringLiteral("%1:%2: %3").arg(name).arg(e.line).arg(e.message)
                                  : QStringLiteral("%1: %2").arg(name, e.message));
    }
    return parsed.rows;
}

} // namespace bb::tester
