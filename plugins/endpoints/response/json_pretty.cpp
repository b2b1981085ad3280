#include "json_pretty.h"

#include <QDir>
#include <QTemporaryFile>

#include <cstring>

namespace bb::plugins::endpoints {

namespace {

constexpr qint64 kFlushBytes = 1024 * 1024;
constexpr qint64 kProgressBytes = 4 * 1024 * 1024;
constexpr int kMaxDepth = 10000; ///< deeper input is refused rather than risking the stack

/// Collects output in memory, or flushes it to a temporary file every MB.
class Writer {
public:
    explicit Writer(bool toFile)
    {
        if (toFile) {
            m_file = std::make_shared<QTemporaryFile>(
                QDir::tempPath() + QStringLiteral("/backbench-pretty-XXXXXX.json"));
            if (!m_file->open())
                m_error = m_file->errorString();
        }
    }
    void put(char c)
    {
        m_buf.append(c);
        if (c == '\n')
            ++m_line;
    }
    void put(const char *p, qint64 n) { m_buf.append(p, n); }
    void newline(int depth)
    {
        put('\n');
        for (int i = 0; i < depth; ++i)
            m_buf.append("  ", 2);
        maybeFlush();
    }
    void maybeFlush()
    {
        if (m_file && m_buf.size() >= kFlushBytes) {
            if (m_file->write(m_buf) != m_buf.size())
                m_error = m_file->errorString();
            m_buf.clear();
        }
    }
    qint32 line() const { return m_line; }
    QString error() const { return m_error; }

    BodySourcePtr finish(QString *error)
    {
        if (!m_file)
            return BodySource::fromBytes(m_buf);
        if (!m_buf.isEmpty() && m_file->write(m_buf) != m_buf.size())
            m_error = m_file->errorString();
        if (!m_error.isEmpty() || !m_file->flush()) {
            *error = QStringLiteral("Cannot write the pretty-printed body: %1").arg(m_error);
            return {};
        }
        return BodySource::fromFile(m_file->fileName(), error, m_file);
    }

private:
    std::shared_ptr<QTemporaryFile> m_file;
    QByteArray m_buf;
    qint32 m_line = 0;
    QString m_error;
};

struct Frame {
    bool object;
    bool empty = true;
    int fold = -1; ///< index in folds, once the container has a member
};

} // namespace

PrettyResult prettyPrintJson(const BodySource &input, const std::atomic_bool &cancel,
                             const std::function<void(qint64)> &progress, qint64 inMemoryLimit)
{
    PrettyResult r;
    const char *d = input.data();
    const qint64 n = input.size();
    Writer out(n > inMemoryLimit);
    std::vector<Frame> stack;
    qint64 i = 0;
    qint64 nextCheck = kProgressBytes;

    auto fail = [&](qint64 at, const QString &why) {
        r.error = why;
        r.errorOffset = at;
        // Line and column are counted only now, on failure: the happy path stays one pass.
        qint64 line = 1, lineStart = 0;
        for (qint64 k = 0; k < at && k < n; ++k)
            if (d[k] == '\n') {
                ++line;
                lineStart = k + 1;
            }
        r.errorLine = line;
        r.errorColumn = at - lineStart + 1;
        return r;
    };
    auto skipWs = [&] {
        while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
            ++i;
    };
    auto what = [&](qint64 at) {
        return at >= n ? QStringLiteral("the end of the body")
                       : QStringLiteral("'%1'").arg(QString::fromLatin1(d + at, 1));
    };
    // A string from its opening quote, copied as-is once validated.
    auto string = [&]() -> bool {
        const qint64 start = i++;
        while (i < n) {
            const uchar c = uchar(d[i]);
            if (c == '"') {
                ++i;
                out.put(d + start, i - start);
                out.maybeFlush();
                return true;
            }
            if (c == '\\') {
                if (i + 1 >= n)
                    break;
                const char e = d[i + 1];
                if (!std::strchr("\"\\/bfnrtu", e) || e == 0) {
                    fail(i, QStringLiteral("Invalid escape '\\%1' in a string")
                                .arg(QString::fromLatin1(&e, 1)));
                    return false;
                }
                i += 2;
                continue;
            }
            if (c < 0x20) {
                fail(i, QStringLiteral("A control character inside a string"));
                return false;
            }
            ++i;
        }
        fail(start, QStringLiteral("A string that never ends"));
        return false;
    };
    auto number = [&]() -> bool {
        const qint64 start = i;
        auto digits = [&] {
            const qint64 s = i;
            while (i < n && d[i] >= '0' && d[i] <= '9')
                ++i;
            return i > s;
        };
        if (i < n && d[i] == '-')
            ++i;
        if (i < n && d[i] == '0')
            ++i;
        else if (!digits()) {
            fail(i, QStringLiteral("Expected a digit, found %1").arg(what(i)));
            return false;
        }
        if (i < n && d[i] == '.') {
            ++i;
            if (!digits()) {
                fail(i, QStringLiteral("Expected a digit after '.', found %1").arg(what(i)));
                return false;
            }
        }
        if (i < n && (d[i] == 'e' || d[i] == 'E')) {
            ++i;
            if (i < n && (d[i] == '+' || d[i] == '-'))
                ++i;
            if (!digits()) {
                fail(i, QStringLiteral("Expected an exponent, found %1").arg(what(i)));
                return false;
            }
        }
        out.put(d + start, i - start);
        return true;
    };

    // The grammar as a loop over "expect a value" / "after a value": no recursion, so depth is
    // bounded by kMaxDepth and not by the thread's stack.
    bool expectValue = true;
    for (;;) {
        if (i >= nextCheck) {
            if (cancel.load()) {
                r.cancelled = true;
                return r;
            }
            if (progress)
                progress(i);
            nextCheck = i + kProgressBytes;
        }
        skipWs();
        if (expectValue) {
            if (i >= n)
                return fail(i, QStringLiteral("Expected a value, found the end of the body"));
            if (!stack.empty() && stack.back().empty) {
                // First member: the container now spans lines, so it can fold.
                Frame &f = stack.back();
                f.empty = false;
                f.fold = int(r.folds.size());
                r.folds.push_back({out.line(), -1});
                out.newline(int(stack.size()));
            }
            if (!stack.empty() && stack.back().object) {
                if (d[i] != '"')
                    return fail(
                        i,
                        QStringLiteral("Expected a member name in quotes, found %1").arg(what(i)));
                if (!string())
                    return r;
                skipWs();
                if (i >= n || d[i] != ':')
                    return fail(
                        i,
                        QStringLiteral("Expected ':' after a member name, found %1").arg(what(i)));
                ++i;
                out.put(": ", 2);
                skipWs();
                if (i >= n)
                    return fail(i, QStringLiteral("Expected a value, found the end of the body"));
            }
            const char c = d[i];
            if (c == '{' || c == '[') {
                if (int(stack.size()) >= kMaxDepth)
                    return fail(i, QStringLiteral("Nested deeper than %1 levels").arg(kMaxDepth));
                out.put(c);
                ++i;
                stack.push_back({c == '{'});
                skipWs();
                if (i < n && d[i] == (c == '{' ? '}' : ']')) {
                    out.put(d[i]);
                    ++i;
                    stack.pop_back();
                    expectValue = false;
                }
                continue;
            }
            if (c == '"') {
                if (!string())
                    return r;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                if (!number())
                    return r;
            } else {
                bool matched = false;
                for (const char *lit : {"true", "false", "null"}) {
                    const qint64 len = qint64(std::strlen(lit));
                    if (n - i >= len && std::memcmp(d + i, lit, size_t(len)) == 0) {
                        out.put(lit, len);
                        i += len;
                        matched = true;
                        break;
                    }
                }
                if (!matched)
                    return fail(i, QStringLiteral("Expected a value, found %1").arg(what(i)));
            }
            expectValue = false;
            continue;
        }
        // After a value: a separator, the container's end, or the end of the body.
        if (stack.empty()) {
            if (i < n)
                return fail(i, QStringLiteral("Unexpected %1 after the JSON value").arg(what(i)));
            break;
        }
        Frame &f = stack.back();
        const char close = f.object ? '}' : ']';
        if (i < n && d[i] == ',') {
            ++i;
            out.put(',');
            out.newline(int(stack.size()));
            expectValue = true;
            // The next value must not take the "first member" path: the frame is not empty.
            skipWs();
            if (f.object && (i >= n || d[i] != '"'))
                return fail(
                    i, QStringLiteral("Expected a member name in quotes, found %1").arg(what(i)));
            continue;
        }
        if (i < n && d[i] == close) {
            ++i;
            out.newline(int(stack.size()) - 1);
            r.folds[size_t(f.fold)].closeLine = out.line();
            out.put(close);
            stack.pop_back();
            continue;
        }
        return fail(i, QStringLiteral("Expected ',' or '%1', found %2")
                           .arg(QChar::fromLatin1(close), what(i)));
    }
    QString error;
    r.output = out.finish(&error);
    if (!r.output)
        r.error = error;
    if (progress)
        progress(n);
    return r;
}

} // namespace bb::plugins::endpoints
