#include "workspace/http_file.h"

#include <QRegularExpression>

namespace bb::workspace {

namespace {

struct Line {
    QString text;
    int number = 0; // 1-based
    int offset = 0; // of the line's first character
};

QList<Line> splitLines(const QString &text)
{
    QList<Line> lines;
    int offset = 0, number = 1;
    for (const QString &l : text.split(u'\n')) {
        lines.append({l.endsWith(u'\r') ? l.chopped(1) : l, number++, offset});
        offset += int(l.size()) + 1;
    }
    return lines;
}

bool isComment(const QString &t)
{
    return t.startsWith(u'#') || t.startsWith(QStringLiteral("//"));
}

bb::Error errorAt(const Line &l, const QString &what)
{
    return bb::Error::invalid(QStringLiteral("line %1: %2").arg(l.number).arg(what), l.offset);
}

// Reads `{% ... %}` starting on line i (whose text after the marker begins with {%); returns the
// script and leaves i on the closing line.
bb::Result<QString> readScript(const QList<Line> &lines, qsizetype &i, const QString &afterMarker)
{
    QString rest = afterMarker.mid(2);
    QStringList out;
    for (;;) {
        const qsizetype end = rest.indexOf(QStringLiteral("%}"));
        if (end >= 0) {
            out.append(rest.left(end));
            break;
        }
        out.append(rest);
        if (++i >= lines.size())
            return errorAt(lines.last(), QStringLiteral("script {% is not closed with %}"));
        rest = lines[i].text;
    }
    return out.join(u'\n').trimmed();
}

} // namespace

bb::Result<ImportReport> importHttpFile(const QString &text)
{
    static const QRegularExpression requestLine(
        QStringLiteral("^(?:([A-Z]+)\\s+)?(\\S+)(?:\\s+HTTP/[0-9.]+)?\\s*$"));
    static const QRegularExpression variableLine(QStringLiteral("^@([\\w.-]+)\\s*=\\s*(.*)$"));
    static const QRegularExpression nameTag(QStringLiteral("^(?:#|//)\\s*@name\\s+(.+)$"));
    static const QRegularExpression otherTag(QStringLiteral("^(?:#|//)\\s*@([\\w-]+)"));

    ImportReport report;
    const QList<Line> lines = splitLines(text);
    enum class State { Before, Headers, Body } state = State::Before;
    HttpRequest req;
    QString pendingName, pendingPre;
    QStringList body;
    bool haveRequest = false;

    auto flush = [&]() {
        if (!haveRequest)
            return;
        while (!body.isEmpty() && body.last().trimmed().isEmpty())
            body.removeLast();
        if (!body.isEmpty()) {
            if (body.size() == 1 && body.first().startsWith(QStringLiteral("< "))) {
                req.body.kind = Body::Kind::File;
                req.body.filePath = body.first().mid(2).trimmed();
            } else {
                req.body.kind = Body::Kind::Raw;
                req.body.text = body.join(u'\n');
            }
            for (const KeyValue &h : req.headers)
                if (h.name.compare(u"content-type", Qt::CaseInsensitive) == 0)
                    req.body.contentType = h.value;
        }
        if (req.name.isEmpty())
            req.name = req.method + u' ' + req.url;
        report.collection.root.requests.append(req);
    };
    auto reset = [&]() {
        req = HttpRequest{};
        body.clear();
        haveRequest = false;
        pendingPre.clear();
        state = State::Before;
    };

    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Line &line = lines[i];
        const QString t = line.text.trimmed();
        const QString where = QStringLiteral("line %1").arg(line.number);
        if (t.startsWith(QStringLiteral("###"))) {
            flush();
            reset();
            pendingName = t.mid(3).trimmed();
            continue;
        }
        if (state == State::Body) {
            // A response handler ends the body (JetBrains).
            if (t.startsWith(QStringLiteral("> {%"))) {
                auto script = readScript(lines, i, t.mid(2));
                if (!script)
                    return script.error();
                req.testScript = *script;
            } else if (t.startsWith(u'>')) {
                report.warnings.append(
                    {where, QStringLiteral("response handler or redirect %1 (skipped)").arg(t)});
            } else {
                body.append(line.text);
            }
            continue;
        }
        if (state == State::Headers) {
            if (t.isEmpty()) {
                state = State::Body;
            } else if (isComment(t)) {
                continue;
            } else if ((t.startsWith(u'?') || t.startsWith(u'&')) && req.headers.isEmpty() &&
                       !t.contains(QRegularExpression(QStringLiteral("\\s")))) {
                req.url += t; // a long query split over lines (a URL holds no spaces)
            } else if (t.startsWith(QStringLiteral("> {%"))) {
                auto script = readScript(lines, i, t.mid(2));
                if (!script)
                    return script.error();
                req.testScript = *script;
                state = State::Body;
            } else {
                const qsizetype colon = t.indexOf(u':');
                if (colon <= 0)
                    return errorAt(
                        line,
                        QStringLiteral("expected a header (Name: value), got: %1").arg(t.left(60)));
                req.headers.append({t.left(colon).trimmed(), t.mid(colon + 1).trimmed(), true});
            }
            continue;
        }
        // Before the request line: comments, variables, tags, scripts.
        if (t.isEmpty())
            continue;
        if (const auto m = nameTag.match(t); m.hasMatch()) {
            pendingName = m.captured(1).trimmed();
            continue;
        }
        if (const auto m = otherTag.match(t); m.hasMatch()) {
            report.warnings.append(
                {where, QStringLiteral("directive @%1 (skipped)").arg(m.captured(1))});
            continue;
        }
        if (isComment(t))
            continue;
        if (const auto m = variableLine.match(t); m.hasMatch()) {
            report.collection.variables.append({m.captured(1), m.captured(2).trimmed(), true});
            continue;
        }
        if (t.startsWith(QStringLiteral("< {%"))) {
            auto script = readScript(lines, i, t.mid(2));
            if (!script)
                return script.error();
            pendingPre = *script;
            continue;
        }
        const auto m = requestLine.match(t);
        if (!m.hasMatch())
            return errorAt(
                line,
                QStringLiteral("expected a request line ([METHOD] URL), got: %1").arg(t.left(60)));
        haveRequest = true;
        req.method = m.captured(1).isEmpty() ? QStringLiteral("GET") : m.captured(1);
        req.url = m.captured(2);
        req.name = pendingName;
        req.preRequestScript = pendingPre;
        pendingName.clear();
        state = State::Headers;
    }
    flush();
    return report;
}

} // namespace bb::workspace
