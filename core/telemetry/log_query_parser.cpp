// Recursive descent over the tokens of log_query_lexer.cpp, building LogQuery's flat node list.
#include "telemetry/log_query.h"
#include "telemetry/log_query_lexer_p.h"

#include <charconv>
#include <cstdlib>
#include <optional>

namespace bb::telemetry {

using internal::Token;
using internal::TokenKind;

namespace {

// Parentheses deeper than this are refused before the recursive descent can exhaust the stack.
constexpr int kMaxNesting = 64;

std::string describe(const Token &t)
{
    switch (t.kind) {
    case TokenKind::End:
        return "end of query";
    case TokenKind::String:
        return "text";
    default:
        return "'" + t.text + "'";
    }
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = char(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

bool isKeyword(const Token &t)
{
    return t.kind == TokenKind::Identifier &&
           (equalsIgnoreCase(t.text, "true") || equalsIgnoreCase(t.text, "false") ||
            equalsIgnoreCase(t.text, "null"));
}

} // namespace

class LogQueryParser {
public:
    explicit LogQueryParser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens))
    {}

    std::variant<LogQuery, LogQueryError> run()
    {
        const int root = parseChain(LogQuery::Node::Or);
        if (m_error)
            return *m_error;
        if (peek().kind != TokenKind::End)
            return LogQueryError{peek().pos, "unexpected " + describe(peek())};
        m_query.m_root = root;
        return std::move(m_query);
    }

private:
    const Token &peek() const { return m_tokens[m_pos]; }
    const Token &take()
    {
        const Token &t = m_tokens[m_pos];
        if (t.kind != TokenKind::End)
            ++m_pos;
        return t;
    }

    int fail(int pos, std::string message)
    {
        if (!m_error)
            m_error = LogQueryError{pos, std::move(message)};
        return -1;
    }

    int add(LogQuery::Node node)
    {
        m_query.m_nodes.push_back(std::move(node));
        return int(m_query.m_nodes.size()) - 1;
    }

    // `a || b || c` (joiner Or, parts are And chains) or `a && b` (joiner And, parts are
    // primaries); a chain of one is its part.
    int parseChain(LogQuery::Node::Kind joiner)
    {
        const TokenKind joinToken = joiner == LogQuery::Node::Or ? TokenKind::Or : TokenKind::And;
        std::vector<int> parts;
        for (;;) {
            const int part =
                joiner == LogQuery::Node::Or ? parseChain(LogQuery::Node::And) : parsePrimary();
            if (part < 0)
                return -1;
            parts.push_back(part);
            if (peek().kind != joinToken)
                break;
            take();
        }
        if (parts.size() == 1)
            return parts.front();
        LogQuery::Node node;
        node.kind = joiner;
        node.children = std::move(parts);
        return add(std::move(node));
    }

    int parsePrimary()
    {
        if (peek().kind != TokenKind::LParen)
            return parseComparison();
        const Token &open = take();
        if (++m_depth > kMaxNesting)
            return fail(open.pos, "parentheses nested deeper than " + std::to_string(kMaxNesting));
        const int inner = parseChain(LogQuery::Node::Or);
        if (inner < 0)
            return -1;
        if (peek().kind != TokenKind::RParen)
            return fail(peek().pos, "expected ')' but found " + describe(peek()));
        take();
        --m_depth;
        return inner;
    }

    int parseComparison()
    {
        const Token &field = take();
        if (field.kind != TokenKind::Identifier || isKeyword(field))
            return fail(field.pos, "expected a field name but found " + describe(field));
        const Token &opToken = take();
        if (opToken.kind != TokenKind::Op)
            return fail(opToken.pos, "expected an operator after '" + field.text + "' but found " +
                                         describe(opToken));
        const Token &value = take();
        LogQuery::Node node;
        node.field = field.text;
        node.op = op(opToken.text);
        if (!literal(value, node.literal))
            return fail(value.pos, "expected a value but found " + describe(value));
        if (node.literal.kind == LogQuery::Literal::Null && node.op != LogQuery::Op::Eq &&
            node.op != LogQuery::Op::Ne)
            return fail(opToken.pos, "null can only be compared with = or !=");
        const bool containsOp =
            node.op == LogQuery::Op::Contains || node.op == LogQuery::Op::NotContains;
        if (field.text == "level" && !containsOp && node.literal.kind != LogQuery::Literal::Null) {
            node.literal.levelRank = logLevelRank(node.literal.text);
            if (node.literal.levelRank < 0)
                return fail(value.pos, "unknown level " + describe(value) +
                                           " (trace, debug, info, warn, error, fatal)");
        }
        return add(std::move(node));
    }

    static LogQuery::Op op(const std::string &text)
    {
        if (text == "!=")
            return LogQuery::Op::Ne;
        if (text == ">")
            return LogQuery::Op::Gt;
        if (text == ">=")
            return LogQuery::Op::Ge;
        if (text == "<")
            return LogQuery::Op::Lt;
        if (text == "<=")
            return LogQuery::Op::Le;
        if (text == "~")
            return LogQuery::Op::Contains;
        if (text == "!~")
            return LogQuery::Op::NotContains;
        return LogQuery::Op::Eq;
    }

    static bool literal(const Token &t, LogQuery::Literal &out)
    {
        out.text = t.text;
        if (t.kind == TokenKind::String) {
            out.kind = LogQuery::Literal::Text;
        } else if (t.kind == TokenKind::Number) {
            out.kind = LogQuery::Literal::Number;
            out.number = std::strtod(t.text.c_str(), nullptr);
        } else if (isKeyword(t)) {
            if (equalsIgnoreCase(t.text, "null")) {
                out.kind = LogQuery::Literal::Null;
            } else {
                out.kind = LogQuery::Literal::Bool;
                out.boolean = equalsIgnoreCase(t.text, "true");
                out.text = out.boolean ? "true" : "false";
            }
        } else {
            return false;
        }
        return true;
    }

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
    std::optional<LogQueryError> m_error;
    LogQuery m_query;
};

std::variant<LogQuery, LogQueryError> LogQuery::parse(std::string_view text)
{
    if (text.size() > kMaxLogQueryLength && internal::utf16Length(text) > int(kMaxLogQueryLength))
        return LogQueryError{int(kMaxLogQueryLength), "the query is longer than " +
                                                          std::to_string(kMaxLogQueryLength) +
                                                          " characters"};
    auto tokens = internal::tokenizeLogQuery(text);
    if (auto *error = std::get_if<LogQueryError>(&tokens))
        return *error;
    auto &list = std::get<std::vector<Token>>(tokens);
    if (list.size() == 1) // only End: blank text matches everything
        return LogQuery{};
    return LogQueryParser(std::move(list)).run();
}

} // namespace bb::telemetry
