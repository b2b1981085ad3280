#include "llhttp_vectors.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace bb::http::test {

namespace {

bool expandExpressions(QByteArray &text, QString *error)
{
    // The only form llhttp's vectors use: ${'<text>'.repeat(<n>)}.
    static const QRegularExpression repeat(QStringLiteral(R"(^'([^']*)'\.repeat\((\d+)\)$)"));
    for (int guard = 0; guard < 1000; ++guard) {
        const qsizetype start = text.indexOf("${");
        if (start < 0)
            return true;
        const qsizetype end = text.indexOf('}', start);
        if (end < 0)
            break;
        const QString expr = QString::fromUtf8(text.mid(start + 2, end - start - 2));
        const auto m = repeat.match(expr);
        if (!m.hasMatch()) {
            *error = QStringLiteral("unsupported expression ${%1}").arg(expr);
            return false;
        }
        text.replace(start, end - start + 1,
                     m.captured(1).toUtf8().repeated(m.captured(2).toInt()));
    }
    *error = QStringLiteral("unterminated or too many ${} expressions");
    return false;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

bool convertLlhttpBlock(const QByteArray &block, QByteArray *out, QString *error)
{
    QByteArray text = block;
    if (text.endsWith('\n'))
        text.chop(1);
    text.replace("\\\n", "");
    text.replace("\n", "\r\n");
    if (!expandExpressions(text, error))
        return false;
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\' || i + 1 >= text.size()) {
            bytes += c;
            continue;
        }
        const char n = text[i + 1];
        switch (n) {
        case 'r':
            bytes += '\r';
            ++i;
            continue;
        case 'n':
            bytes += '\n';
            ++i;
            continue;
        case 't':
            bytes += '\t';
            ++i;
            continue;
        case 'f':
            bytes += '\f';
            ++i;
            continue;
        default:
            break;
        }
        if (n == 'x' && i + 3 < text.size() && hexValue(text[i + 2]) >= 0 &&
            hexValue(text[i + 3]) >= 0) {
            bytes += char(hexValue(text[i + 2]) * 16 + hexValue(text[i + 3]));
            i += 3;
            continue;
        }
        if (n >= '0' && n <= '7') {
            int value = 0;
            qsizetype j = i + 1;
            while (j < text.size() && j <= i + 3 && text[j] >= '0' && text[j] <= '7')
                value = value * 8 + (text[j++] - '0');
            bytes += char(value);
            i = j - 1;
            continue;
        }
        bytes += c; // any other escape stays literal, as in llhttp's runner
    }
    *out = bytes;
    return true;
}

QList<LlhttpCase> loadLlhttpCases(const QString &dir, QString *error)
{
    QList<LlhttpCase> cases;
    static const QRegularExpression metaRe(QStringLiteral(R"(^<!--\s*meta=(\{.*\})\s*-->)"));
    const QStringList files =
        QDir(dir).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(QDir(dir).filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1").arg(file.fileName());
            return {};
        }
        const QList<QByteArray> lines = file.readAll().split('\n');
        QString title;
        QJsonObject meta;
        bool haveMeta = false;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &l = lines[i];
            if (l.startsWith('#')) {
                title = QString::fromUtf8(l).remove(QRegularExpression(QStringLiteral("^#+\\s*")));
                continue;
            }
            const auto m = metaRe.match(QString::fromUtf8(l));
            if (m.hasMatch()) {
                meta = QJsonDocument::fromJson(m.captured(1).toUtf8()).object();
                haveMeta = true;
                continue;
            }
            if (!haveMeta || !l.startsWith("```http"))
                continue;
            LlhttpCase c;
            c.file = name;
            c.line = int(i + 1);
            c.title = title;
            c.type = meta.value(QStringLiteral("type")).toString();
            c.skipBody = meta.value(QStringLiteral("skipBody")).toBool();
            QByteArray block;
            qsizetype j = i + 1;
            for (; j < lines.size() && lines[j] != "```"; ++j)
                block += lines[j] + '\n';
            while (j < lines.size() && !lines[j].startsWith("```log"))
                ++j;
            QByteArray log;
            for (++j; j < lines.size() && lines[j] != "```"; ++j)
                log += lines[j] + '\n';
            i = j;
            if (!convertLlhttpBlock(block, &c.bytes, error)) {
                *error = QStringLiteral("%1:%2: %3").arg(name).arg(c.line).arg(*error);
                return {};
            }
            c.log = QString::fromUtf8(log);
            c.expectError = c.log.contains(QStringLiteral("error code="));
            c.messagesComplete = int(c.log.count(QStringLiteral("message complete")));
            cases.append(c);
            haveMeta = false;
        }
    }
    return cases;
}

} // namespace bb::http::test
