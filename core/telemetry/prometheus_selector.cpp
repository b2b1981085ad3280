#include "telemetry/prometheus_selector.h"

#include <algorithm>

namespace bb::telemetry::prom {

bool LabelMatcher::matches(const Labels &labels) const
{
    const std::string *v = findLabel(labels, name);
    const std::string &actual = v ? *v : std::string();
    switch (op) {
    case Op::Equal:
        return actual == value;
    case Op::NotEqual:
        return actual != value;
    case Op::Regex:
        return std::regex_match(actual, *regex);
    case Op::NotRegex:
        return !std::regex_match(actual, *regex);
    }
    return false;
}

bool Selector::matches(const Labels &labels) const
{
    for (const LabelMatcher &m : m_matchers) {
        if (!m.matches(labels))
            return false;
    }
    return true;
}

namespace {
bool isLabelStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isLabelChar(char c)
{
    return isLabelStart(c) || (c >= '0' && c <= '9');
}
} // namespace

std::variant<Selector, SelectorError> Selector::parse(std::string_view text)
{
    Selector out;
    std::size_t i = 0;
    auto skip = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
            ++i;
    };
    auto at = [&](std::size_t p, std::string msg) { return SelectorError{int(p), std::move(msg)}; };
    skip();
    const bool braced = i < text.size() && text[i] == '{';
    if (braced)
        ++i;
    while (true) {
        skip();
        if (i >= text.size()) {
            if (braced)
                return at(i, "missing '}' at the end of the selector");
            break;
        }
        if (braced && text[i] == '}') {
            ++i;
            skip();
            if (i < text.size())
                return at(i, "unexpected text after '}'");
            break;
        }
        const std::size_t nameStart = i;
        if (!isLabelStart(text[i]))
            return at(i, std::string("expected a label name, found '") + text[i] + "'");
        while (i < text.size() && isLabelChar(text[i]))
            ++i;
        LabelMatcher m;
        m.name = std::string(text.substr(nameStart, i - nameStart));
        skip();
        const std::size_t opPos = i;
        if (text.substr(i, 2) == "=~") {
            m.op = LabelMatcher::Op::Regex;
            i += 2;
        } else if (text.substr(i, 2) == "!~") {
            m.op = LabelMatcher::Op::NotRegex;
            i += 2;
        } else if (text.substr(i, 2) == "!=") {
            m.op = LabelMatcher::Op::NotEqual;
            i += 2;
        } else if (text.substr(i, 1) == "=") {
            m.op = LabelMatcher::Op::Equal;
            i += 1;
        } else {
            return at(opPos, "expected =, !=, =~ or !~ after label '" + m.name + "'");
        }
        skip();
        if (i >= text.size() || (text[i] != '"' && text[i] != '\''))
            return at(i, "expected a quoted value for label '" + m.name + "'");
        const char quote = text[i];
        const std::size_t valueStart = i;
        ++i;
        bool closed = false;
        while (i < text.size()) {
            const char c = text[i];
            if (c == quote) {
                closed = true;
                ++i;
                break;
            }
            if (c == '\\' && i + 1 < text.size()) {
                const char e = text[i + 1];
                if (e == '\\' || e == '"' || e == '\'')
                    m.value += e;
                else if (e == 'n')
                    m.value += '\n';
                else
                    m.value += {'\\', e};
                i += 2;
                continue;
            }
            m.value += c;
            ++i;
        }
        if (!closed)
            return at(valueStart, "unterminated value for label '" + m.name + "'");
        if (m.op == LabelMatcher::Op::Regex || m.op == LabelMatcher::Op::NotRegex) {
            // std::regex compiles and matches recursively: a long or deeply nested pattern could
            // exhaust the stack, so both are bounded (label matchers are short in practice).
            int depth = 0, deepest = 0;
            for (char c : m.value) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                deepest = std::max(deepest, depth);
            }
            if (m.value.size() > kMaxRegexLength || deepest > kMaxRegexNesting)
                return at(valueStart + 1, "regular expression for label '" + m.name +
                                              "' is too complex (at most " +
                                              std::to_string(kMaxRegexLength) + " characters and " +
                                              std::to_string(kMaxRegexNesting) + " nested groups)");
            try {
                m.regex = std::make_shared<const std::regex>("^(?:" + m.value + ")$",
                                                             std::regex::ECMAScript);
            } catch (const std::regex_error &e) {
                return at(valueStart + 1,
                          "invalid regular expression for label '" + m.name + "': " + e.what());
            }
        }
        out.m_matchers.push_back(std::move(m));
        skip();
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i < text.size() && braced && text[i] == '}')
            continue;
        if (i < text.size())
            return at(i, std::string("expected ',' between matchers, found '") + text[i] + "'");
    }
    return out;
}

} // namespace bb::telemetry::prom
