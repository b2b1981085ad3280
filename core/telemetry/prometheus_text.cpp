#include "telemetry/prometheus_text.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace bb::telemetry::prom {

const char *typeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::Summary:
        return "summary";
    case MetricType::Untyped:
        break;
    }
    return "untyped";
}

const std::string *findLabel(const Labels &labels, std::string_view name)
{
    for (const Label &l : labels) {
        if (l.name == name)
            return &l.value;
    }
    return nullptr;
}

const MetricFamily *Exposition::find(std::string_view name) const
{
    for (const MetricFamily &f : families) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

std::size_t Exposition::sampleCount() const
{
    std::size_t n = 0;
    for (const MetricFamily &f : families)
        n += f.samples.size();
    return n;
}

std::string ParseError::toString() const
{
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

std::optional<double> parseValue(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    bool negative = false;
    std::string_view body = text;
    if (body.front() == '+' || body.front() == '-') {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    // Go's ParseFloat spells the specials case-insensitively; from_chars does too, but it
    // refuses a leading '+', which the format uses for +Inf.
    double v = 0;
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
    if (ec != std::errc() || end != body.data() + body.size() || body.empty()) {
        // Out of range: Go returns ±Inf for overflow; underflow reads as zero.
        if (ec == std::errc::result_out_of_range && end == body.data() + body.size())
            v = std::strtod(std::string(body).c_str(), nullptr);
        else
            return std::nullopt;
    }
    if (std::isnan(v))
        return std::numeric_limits<double>::quiet_NaN();
    return negative ? -v : v;
}

namespace {

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}
bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

struct Failure {
    int column;
    std::string message;
};

/// A cursor over one line; columns are 1-based byte offsets.
class LineReader {
public:
    explicit LineReader(std::string_view line)
        : m_line(line)
    {}

    bool atEnd() const { return m_pos >= m_line.size(); }
    char peek() const { return atEnd() ? '\0' : m_line[m_pos]; }
    int column() const { return int(m_pos) + 1; }
    void skipBlanks()
    {
        while (!atEnd() && isBlank(m_line[m_pos]))
            ++m_pos;
    }
    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    /// A run of non-blank characters.
    std::string_view word()
    {
        const std::size_t start = m_pos;
        while (!atEnd() && !isBlank(m_line[m_pos]))
            ++m_pos;
        return m_line.substr(start, m_pos - start);
    }
    /// A metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), or empty when none starts here.
    std::string_view metricName()
    {
        const std::size_t start = m_pos;
        if (!atEnd() && isNameStart(m_line[m_pos])) {
            ++m_pos;
            while (!atEnd() && isNameChar(m_line[m_pos]))
                ++m_pos;
        }
        return m_line.substr(start, m_pos - start);
    }
    /// A label name: like a metric name but without ':'.
    std::string_view labelName()
    {
        const std::size_t start = m_pos;
        if (!atEnd() && isNameStart(m_line[m_pos]) && m_line[m_pos] != ':') {
            ++m_pos;
            while (!atEnd() && isNameChar(m_line[m_pos]) && m_line[m_pos] != ':')
                ++m_pos;
        }
        return m_line.substr(start, m_pos - start);
    }
    std::string_view rest() const { return m_line.substr(std::min(m_pos, m_line.size())); }
    void advance(std::size_t n) { m_pos += n; }

private:
    std::string_view m_line;
    std::size_t m_pos = 0;
};

/// Reads a quoted label value after its opening quote; escapes are \\, \" and \n.
std::optional<Failure> readLabelValue(LineReader &r, std::string &out)
{
    while (true) {
        if (r.atEnd())
            return Failure{r.column(), "unterminated label value (missing '\"')"};
        const char c = r.peek();
        if (c == '"') {
            r.advance(1);
            return std::nullopt;
        }
        if (c == '\\') {
            const int col = r.column();
            r.advance(1);
            const char e = r.peek();
            if (e == '\\')
                out += '\\';
            else if (e == '"')
                out += '"';
            else if (e == 'n')
                out += '\n';
            else if (r.atEnd())
                return Failure{col, "unterminated label value (missing '\"')"};
            else
                return Failure{col, std::string("invalid escape sequence '\\") + e +
                                        "' in label value (allowed: \\\\, \\\", \\n)"};
            r.advance(1);
            continue;
        }
        out += c;
        r.advance(1);
    }
}

std::optional<Failure> readLabels(LineReader &r, Labels &labels)
{
    // Just after '{'.
    while (true) {
        r.skipBlanks();
        if (r.consume('}'))
            return std::nullopt;
        const int nameCol = r.column();
        const std::string_view name = r.labelName();
        if (name.empty()) {
            if (r.atEnd())
                return Failure{nameCol, "unterminated label set (missing '}')"};
            return Failure{nameCol, std::string("expected a label name, found '") + r.peek() + "'"};
        }
        for (const Label &l : labels) {
            if (l.name == name)
                return Failure{nameCol, "duplicate label name '" + std::string(name) + "'"};
        }
        r.skipBlanks();
        if (!r.consume('='))
            return Failure{r.column(), "expected '=' after label name '" + std::string(name) + "'"};
        r.skipBlanks();
        if (!r.consume('"'))
            return Failure{r.column(),
                           "expected '\"' to open the value of label '" + std::string(name) + "'"};
        Label label{std::string(name), {}};
        if (auto f = readLabelValue(r, label.value))
            return f;
        labels.push_back(std::move(label));
        r.skipBlanks();
        if (r.consume(','))
            continue;
        if (r.consume('}'))
            return std::nullopt;
        if (r.atEnd())
            return Failure{r.column(), "unterminated label set (missing '}')"};
        return Failure{r.column(),
                       std::string("expected ',' or '}' in label set, found '") + r.peek() + "'"};
    }
}

std::string unescapeHelp(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            if (text[i + 1] == '\\') {
                out += '\\';
                ++i;
                continue;
            }
            if (text[i + 1] == 'n') {
                out += '\n';
                ++i;
                continue;
            }
        }
        // Any other backslash is kept as written, as Prometheus does for HELP.
        out += text[i];
    }
    return out;
}

std::optional<MetricType> typeFromName(std::string_view word)
{
    if (word == "counter")
        return MetricType::Counter;
    if (word == "gauge")
        return MetricType::Gauge;
    if (word == "histogram")
        return MetricType::Histogram;
    if (word == "summary")
        return MetricType::Summary;
    if (word == "untyped")
        return MetricType::Untyped;
    return std::nullopt;
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The family name a sample belongs to when that family has `type`, or empty.
std::string_view owningFamily(std::string_view sample, MetricType type)
{
    if (type == MetricType::Histogram || type == MetricType::Summary) {
        for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
            if (suffix == "_bucket" && type == MetricType::Summary)
                continue;
            if (endsWith(sample, suffix))
                return sample.substr(0, sample.size() - suffix.size());
        }
    }
    return sample;
}

class Parser {
public:
    std::variant<Exposition, ParseError> run(std::string_view text)
    {
        int lineNo = 0;
        std::size_t pos = 0;
        while (pos < text.size()) {
            const std::size_t nl = text.find('\n', pos);
            std::string_view line =
                text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
            pos = nl == std::string_view::npos ? text.size() : nl + 1;
            ++lineNo;
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            std::optional<Failure> failure = parseLine(line, lineNo);
            if (failure)
                return ParseError{lineNo, failure->column, std::move(failure->message)};
        }
        return std::move(m_out);
    }

private:
    std::optional<Failure> parseLine(std::string_view line, int lineNo)
    {
        LineReader r(line);
        r.skipBlanks();
        if (r.atEnd())
            return std::nullopt;
        if (r.peek() == '#')
            return parseComment(r);
        return parseSample(r, lineNo);
    }

    std::optional<Failure> parseComment(LineReader &r)
    {
        r.advance(1);
        r.skipBlanks();
        const std::string_view keyword = r.word();
        const bool help = keyword == "HELP";
        if (!help && keyword != "TYPE")
            return std::nullopt; // an ordinary comment
        r.skipBlanks();
        if (r.atEnd())
            return std::nullopt; // a bare "# HELP" is a comment to Prometheus too
        const int nameCol = r.column();
        const std::string_view name = r.metricName();
        if (name.empty())
            return Failure{nameCol,
                           std::string("expected a metric name after # ") + std::string(keyword)};
        if (!r.atEnd() && !isBlank(r.peek()))
            return Failure{r.column(),
                           "invalid character '" + std::string(1, r.peek()) + "' in metric name"};
        MetricFamily &family = familyFor(name);
        const std::size_t index = std::size_t(&family - m_out.families.data());
        // The samples after a header belong to its family, as in Prometheus's own reader.
        m_current = index;
        if (help) {
            if (m_hasHelp.count(index))
                return Failure{nameCol, "second HELP line for metric '" + std::string(name) + "'"};
            m_hasHelp[index] = true;
            if (!r.atEnd())
                r.advance(1); // the single separating blank; the rest is the docstring
            family.help = unescapeHelp(r.rest());
            return std::nullopt;
        }
        if (m_hasType.count(index))
            return Failure{nameCol, "second TYPE line for metric '" + std::string(name) + "'"};
        if (!family.samples.empty())
            return Failure{nameCol,
                           "TYPE line for metric '" + std::string(name) + "' after its samples"};
        r.skipBlanks();
        const int typeCol = r.column();
        const std::string_view word = r.word();
        const auto type = typeFromName(word);
        if (!type)
            return Failure{typeCol, word.empty()
                                        ? std::string("expected a type after the metric name")
                                        : "unknown metric type '" + std::string(word) +
                                              "' (counter, gauge, histogram, summary or untyped)"};
        r.skipBlanks();
        if (!r.atEnd())
            return Failure{r.column(), "unexpected text after the metric type"};
        m_hasType[index] = true;
        family.type = *type;
        return std::nullopt;
    }

    std::optional<Failure> parseSample(LineReader &r, int lineNo)
    {
        const int nameCol = r.column();
        const std::string_view name = r.metricName();
        if (name.empty())
            return Failure{nameCol,
                           "expected a metric name, found '" + std::string(1, r.peek()) + "'"};
        Sample sample;
        sample.name = std::string(name);
        sample.line = lineNo;
        r.skipBlanks();
        if (r.consume('{')) {
            if (auto f = readLabels(r, sample.labels))
                return f;
        } else if (!r.atEnd() && !isBlank(r.peek()) && r.column() == nameCol + int(name.size())) {
            return Failure{r.column(),
                           "invalid character '" + std::string(1, r.peek()) + "' in metric name"};
        }
        r.skipBlanks();
        const int valueCol = r.column();
        const std::string_view valueText = r.word();
        if (valueText.empty())
            return Failure{valueCol, "expected a value after '" + sample.name + "'"};
        const auto value = parseValue(valueText);
        if (!value)
            return Failure{valueCol, "invalid value '" + std::string(valueText) + "'"};
        sample.value = *value;
        r.skipBlanks();
        if (!r.atEnd()) {
            const int tsCol = r.column();
            const std::string_view tsText = r.word();
            std::int64_t ts = 0;
            const auto [end, ec] =
                std::from_chars(tsText.data(), tsText.data() + tsText.size(), ts);
            if (ec != std::errc() || end != tsText.data() + tsText.size())
                return Failure{tsCol, "invalid timestamp '" + std::string(tsText) +
                                          "' (integer milliseconds expected)"};
            sample.timestampMs = ts;
            r.skipBlanks();
            if (!r.atEnd())
                return Failure{r.column(), "unexpected text after the timestamp"};
        }
        return addSample(std::move(sample), nameCol);
    }

    std::optional<Failure> addSample(Sample sample, int nameCol)
    {
        // The current family keeps samples that belong to it; otherwise the sample starts (or
        // returns to) the family it names.
        MetricFamily *family = nullptr;
        if (m_current != npos) {
            MetricFamily &cur = m_out.families[m_current];
            if (owningFamily(sample.name, cur.type) == cur.name)
                family = &cur;
        }
        if (!family) {
            std::string_view owner = sample.name;
            for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
                if (endsWith(sample.name, suffix)) {
                    const std::string_view base =
                        std::string_view(sample.name).substr(0, sample.name.size() - suffix.size());
                    auto it = m_index.find(std::string(base));
                    if (it != m_index.end() &&
                        owningFamily(sample.name, m_out.families[it->second].type) == base) {
                        owner = base;
                        break;
                    }
                }
            }
            family = &familyFor(owner);
        }
        // A bucket without `le` or a quantile sample without `quantile` is accepted, as promtool
        // does; the quantile math skips them. A bound that is not a number is an error.
        if (family->type == MetricType::Histogram && endsWith(sample.name, "_bucket")) {
            const std::string *le = findLabel(sample.labels, "le");
            if (le && !parseValue(*le))
                return Failure{nameCol, "histogram bucket '" + sample.name + "' has le=\"" + *le +
                                            "\", which is not a number"};
        }
        if (family->type == MetricType::Summary && sample.name == family->name) {
            const std::string *q = findLabel(sample.labels, "quantile");
            if (q && !parseValue(*q))
                return Failure{nameCol, "summary sample '" + sample.name + "' has quantile=\"" +
                                            *q + "\", which is not a number"};
        }
        m_current = std::size_t(family - m_out.families.data());
        family->samples.push_back(std::move(sample));
        return std::nullopt;
    }

    MetricFamily &familyFor(std::string_view name)
    {
        auto [it, inserted] = m_index.try_emplace(std::string(name), m_out.families.size());
        if (inserted) {
            MetricFamily f;
            f.name = std::string(name);
            m_out.families.push_back(std::move(f));
        }
        return m_out.families[it->second];
    }

    static constexpr std::size_t npos = std::size_t(-1);
    Exposition m_out;
    std::unordered_map<std::string, std::size_t> m_index;
    std::unordered_map<std::size_t, bool> m_hasHelp, m_hasType;
    std::size_t m_current = npos;
};

} // namespace

std::variant<Exposition, ParseError> parseText(std::string_view text)
{
    return Parser().run(text);
}

} // namespace bb::telemetry::prom
