#include "workspace/yaml_tree_p.h"

#include "workspace/yaml_writer_p.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace bb::workspace::detail {

const YNode *YNode::get(const char *key) const
{
    for (size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == QLatin1String(key))
            return &values[i];
    return nullptr;
}

bool YNode::sameAs(const YNode &o) const
{
    if (type != o.type || scalar != o.scalar || keys != o.keys ||
        values.size() != o.values.size() || sequence.size() != o.sequence.size())
        return false;
    for (size_t i = 0; i < values.size(); ++i)
        if (!values[i].sameAs(o.values[i]))
            return false;
    for (size_t i = 0; i < sequence.size(); ++i)
        if (!sequence[i].sameAs(o.sequence[i]))
            return false;
    return true;
}

// ---- the fast reader ------------------------------------------------------------------------

namespace {

struct Line {
    int start;           ///< byte offset of the line
    int indent;          ///< leading spaces
    QByteArrayView text; ///< after the indentation, without the newline
    QByteArrayView raw;  ///< the whole line without the newline
};

// Any deviation from what YamlWriter writes throws Decline; the caller falls back to yaml-cpp.
struct Decline {};

class CanonicalReader {
public:
    explicit CanonicalReader(const QByteArray &text)
        : m_text(text)
    {}

    YNode read()
    {
        precheck();
        split();
        // Comment lines are written only at the top, before the first key.
        while (m_i < m_lines.size() && m_lines[m_i].indent == 0 &&
               m_lines[m_i].text.startsWith('#'))
            ++m_i;
        if (m_i >= m_lines.size() || m_lines[m_i].indent != 0)
            throw Decline{};
        YNode root = map(0);
        if (m_i != m_lines.size())
            throw Decline{};
        return root;
    }

private:
    void precheck()
    {
        if (m_text.isEmpty() || !m_text.endsWith('\n') || m_text.contains('\r') ||
            m_text.contains('\0') || m_text.contains('\t'))
            throw Decline{};
        // Characters YAML treats as breaks or marks; the writer always escapes them.
        for (const char *seq : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf"})
            if (m_text.contains(seq))
                throw Decline{};
        auto decoder = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        (void)decoder.decode(m_text);
        if (decoder.hasError())
            throw Decline{};
    }

    void split()
    {
        int start = 0;
        while (start < m_text.size()) {
            const int nl = int(m_text.indexOf('\n', start));
            const QByteArrayView raw(m_text.constData() + start, nl - start);
            int indent = 0;
            while (indent < raw.size() && raw[indent] == ' ')
                ++indent;
            m_lines.push_back({start, indent, raw.sliced(indent), raw});
            start = nl + 1;
        }
    }

    static QString str(QByteArrayView v) { return QString::fromUtf8(v); }

    YNode node(YNode::Type type, const Line &l, int column) const
    {
        YNode n;
        n.type = type;
        n.pos = l.start + column;
        n.line = int(&l - m_lines.data());
        n.column = column;
        return n;
    }

    static bool isKeyChar(char c, bool first)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    // "key:" at the start of `text`; returns the key length, or -1.
    static int keyLength(QByteArrayView text)
    {
        int n = 0;
        while (n < text.size() && isKeyChar(text[n], n == 0))
            ++n;
        if (n == 0 || n >= text.size() || text[n] != ':')
            return -1;
        if (n + 1 < text.size() && text[n + 1] != ' ')
            return -1;
        return n;
    }

    // A mapping whose keys are at `indent`, starting at the current line.
    YNode map(int indent)
    {
        YNode m = node(YNode::Type::Map, m_lines[m_i], indent);
        while (m_i < m_lines.size() && m_lines[m_i].indent == indent &&
               !m_lines[m_i].text.startsWith("- ") && !m_lines[m_i].text.isEmpty()) {
            const Line &l = m_lines[m_i];
            const int k = keyLength(l.text);
            if (k < 0)
                throw Decline{};
            const QString key = str(l.text.first(k));
            if (m.get(key.toLatin1().constData()))
                throw Decline{}; // duplicate keys: yaml-cpp decides
            const QByteArrayView rest = l.text.sliced(k + 1);
            YNode v = value(rest, indent, indent + k + 2);
            m.keys.push_back(key);
            m.values.push_back(std::move(v));
        }
        if (m_i < m_lines.size() && m_lines[m_i].indent > indent)
            throw Decline{};
        return m;
    }

    // What follows "key:" (or "-") on line m_i, for a node whose parent is at `indent`.
    YNode value(QByteArrayView rest, int indent, int column)
    {
        const Line &l = m_lines[m_i];
        if (rest.isEmpty()) {
            ++m_i;
            if (m_i >= m_lines.size() || m_lines[m_i].indent != indent + 2)
                throw Decline{};
            return m_lines[m_i].text.startsWith("- ") ? sequence(indent + 2) : map(indent + 2);
        }
        if (rest[0] != ' ' || rest.size() < 2 || rest[1] == ' ')
            throw Decline{};
        const QByteArrayView v = rest.sliced(1);
        if (v[0] == '"') {
            YNode n = node(YNode::Type::Scalar, l, column);
            n.scalar = doubleQuoted(v);
            ++m_i;
            return n;
        }
        if (v[0] == '|')
            return literal(v, indent, column);
        YNode n = node(YNode::Type::Scalar, l, column);
        n.scalar = str(v);
        static const QRegularExpression typed(QStringLiteral("^(true|false|-?[0-9]{1,9})$"));
        if (!isPlainScalar(n.scalar) && !typed.match(n.scalar).hasMatch())
            throw Decline{};
        ++m_i;
        return n;
    }

    // A sequence whose "- " marks are at `indent`.
    YNode sequence(int indent)
    {
        YNode s = node(YNode::Type::Sequence, m_lines[m_i], indent);
        while (m_i < m_lines.size() && m_lines[m_i].indent == indent &&
               m_lines[m_i].text.startsWith("- ")) {
            Line &l = m_lines[m_i];
            const QByteArrayView item = l.text.sliced(2);
            if (keyLength(item) > 0) {
                // "- key: value": a mapping whose keys sit two columns in; read this line as
                // if the mapping's first key started it.
                l.indent = indent + 2;
                l.text = item;
                s.sequence.push_back(map(indent + 2));
            } else {
                s.sequence.push_back(value(l.text.sliced(1), indent, indent + 2));
            }
        }
        if (m_i < m_lines.size() && m_lines[m_i].indent > indent)
            throw Decline{};
        return s;
    }

    static QString doubleQuoted(QByteArrayView v)
    {
        QByteArray out;
        qsizetype i = 1;
        for (; i < v.size(); ++i) {
            const char c = v[i];
            if (c == '"')
                break;
            if (uchar(c) < 0x20 || c == 0x7f)
                throw Decline{};
            if (c != '\\') {
                out += c;
                continue;
            }
            if (++i >= v.size())
                throw Decline{};
            switch (v[i]) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'u': {
                if (i + 4 >= v.size())
                    throw Decline{};
                bool ok = false;
                const uint code = QByteArray(v.sliced(i + 1, 4).data(), 4).toUInt(&ok, 16);
                if (!ok || (code >= 0xd800 && code <= 0xdfff))
                    throw Decline{};
                out += QString(QChar(char16_t(code))).toUtf8();
                i += 4;
                break;
            }
            default:
                throw Decline{};
            }
        }
        if (i != v.size() - 1) // the closing quote must end the line
            throw Decline{};
        return QString::fromUtf8(out);
    }

    // "|", "|-", "|+", "|2", "|2-", "|2+" and its lines, indented two more than `indent`.
    YNode literal(QByteArrayView header, int indent, int column)
    {
        YNode n = node(YNode::Type::Scalar, m_lines[m_i], column);
        QByteArrayView h = header.sliced(1);
        const bool explicitIndent = h.startsWith('2');
        if (explicitIndent)
            h = h.sliced(1);
        if (h.size() > 1 || (h.size() == 1 && h[0] != '-' && h[0] != '+'))
            throw Decline{};
        const char chomp = h.isEmpty() ? ' ' : h[0];
        const int ci = indent + 2;
        ++m_i;
        QStringList lines;
        int trailingEmpty = 0;
        bool seenContent = false;
        while (m_i < m_lines.size()) {
            const Line &l = m_lines[m_i];
            if (l.raw.isEmpty()) {
                ++trailingEmpty;
                ++m_i;
                continue;
            }
            if (l.indent < ci) {
                if (l.text.isEmpty())
                    throw Decline{}; // spaces only, fewer than the indentation
                break;
            }
            if (!seenContent && !explicitIndent && l.indent != ci)
                throw Decline{}; // auto-detected indentation: keep to the writer's layout
            for (; trailingEmpty > 0; --trailingEmpty)
                lines.append(QString());
            lines.append(str(l.raw.sliced(ci)));
            seenContent = true;
            ++m_i;
        }
        if (!seenContent)
            throw Decline{};
        n.scalar = lines.join(u'\n');
        if (chomp == ' ')
            n.scalar += u'\n';
        else if (chomp == '+')
            n.scalar += QString(trailingEmpty + 1, u'\n');
        return n;
    }

    const QByteArray &m_text;
    std::vector<Line> m_lines;
    size_t m_i = 0;
};

// ---- yaml-cpp -------------------------------------------------------------------------------

constexpr int kMaxDepth = 256;

struct TooDeep {
    YAML::Mark mark;
};

YNode convert(const YAML::Node &n, int depth)
{
    if (depth > kMaxDepth)
        throw TooDeep{n.Mark()};
    YNode out;
    out.pos = n.Mark().pos;
    out.line = n.Mark().line;
    out.column = n.Mark().column;
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    case YAML::NodeType::Scalar:
        out.type = YNode::Type::Scalar;
        out.scalar = QString::fromStdString(n.Scalar());
        break;
    case YAML::NodeType::Sequence:
        out.type = YNode::Type::Sequence;
        for (const YAML::Node &c : n)
            out.sequence.push_back(convert(c, depth + 1));
        break;
    case YAML::NodeType::Map:
        out.type = YNode::Type::Map;
        for (const auto &kv : n) {
            // Keys that are not text cannot match any key the format knows; keep them visible.
            const QString key = kv.first.IsScalar() ? QString::fromStdString(kv.first.Scalar())
                                                    : QString::fromStdString(YAML::Dump(kv.first));
            out.keys.push_back(key);
            out.values.push_back(convert(kv.second, depth + 1));
        }
        break;
    }
    return out;
}

bb::Error errorAt(const QString &what, const YAML::Mark &m, qsizetype size)
{
    // yaml-cpp may point one past the end, or nowhere (-1): keep positions inside the file.
    const int pos = int(std::clamp<qsizetype>(m.pos, 0, size));
    return bb::Error::invalid(QStringLiteral("line %1, column %2: %3")
                                  .arg(std::max(m.line, 0) + 1)
                                  .arg(std::max(m.column, 0) + 1)
                                  .arg(what),
                              pos);
}

} // namespace

std::optional<YNode> parseCanonicalYaml(const QByteArray &text)
{
    try {
        return CanonicalReader(text).read();
    } catch (const Decline &) {
        return std::nullopt;
    }
}

bb::Result<YNode> parseYamlTree(const QByteArray &text)
{
    try {
        return convert(YAML::Load(text.toStdString()), 0);
    } catch (const YAML::Exception &e) {
        return errorAt(QString::fromStdString(e.msg), e.mark, text.size());
    } catch (const TooDeep &e) {
        return errorAt(QStringLiteral("nesting deeper than %1").arg(kMaxDepth), e.mark,
                       text.size());
    }
}

} // namespace bb::workspace::detail
