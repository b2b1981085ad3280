#include "store/filter.h"

#include "store/filter_lexer_p.h"

namespace bb::store {

namespace {

using internal::Token;
using internal::TokenKind;

// Parentheses deeper than this are refused before the recursive descent can exhaust the stack.
constexpr int kMaxNesting = 64;

Error errorAt(const QString &what, int pos)
{
    return Error::invalid(QStringLiteral("%1 at %2").arg(what).arg(pos), pos);
}

QString describe(const Token &t)
{
    switch (t.kind) {
    case TokenKind::End:
        return QStringLiteral("end of filter");
    case TokenKind::String:
        return QStringLiteral("text");
    default:
        return QLatin1Char('\'') + t.text + QLatin1Char('\'');
    }
}

// A literal as the parser saw it, before it is shaped for the column it is compared with.
struct Literal {
    enum Kind { Text, Number, Bool, Null } kind = Null;
    QString text; // the text, or a number's spelling
    bool boolean = false;
    int pos = 0;
};

class Parser {
public:
    Parser(const QList<Token> &tokens, const Table &table, Dialect dialect)
        : m_tokens(tokens)
        , m_table(table)
        , m_dialect(dialect)
    {}

    Result<SqlFragment> run()
    {
        auto sql = parseOr();
        if (!sql)
            return sql.error();
        if (peek().kind != TokenKind::End)
            return errorAt(QStringLiteral("unexpected %1").arg(describe(peek())), peek().pos);
        return SqlFragment{*sql, m_params};
    }

private:
    const Token &peek() const { return m_tokens.at(m_pos); }
    const Token &take() { return m_tokens.at(m_pos++); }

    Result<QString> parseOr() { return parseChain(TokenKind::Or, QStringLiteral(" OR ")); }

    Result<QString> parseChain(TokenKind joiner, const QString &sqlJoiner)
    {
        QStringList parts;
        for (;;) {
            auto part = joiner == TokenKind::Or
                            ? parseChain(TokenKind::And, QStringLiteral(" AND "))
                            : parsePrimary();
            if (!part)
                return part.error();
            parts.append(*part);
            if (peek().kind != joiner)
                break;
            take();
        }
        if (parts.size() == 1)
            return parts.first();
        return QLatin1Char('(') + parts.join(sqlJoiner) + QLatin1Char(')');
    }

    Result<QString> parsePrimary()
    {
        if (peek().kind != TokenKind::LParen)
            return parseComparison();
        const Token &open = take();
        if (++m_depth > kMaxNesting)
            return errorAt(QStringLiteral("parentheses nested deeper than %1").arg(kMaxNesting),
                           open.pos);
        auto inner = parseOr();
        if (!inner)
            return inner.error();
        if (peek().kind != TokenKind::RParen)
            return errorAt(QStringLiteral("expected ')' but found %1").arg(describe(peek())),
                           peek().pos);
        take();
        --m_depth;
        return inner;
    }

    Result<QString> parseComparison()
    {
        const Token &field = take();
        if (field.kind != TokenKind::Identifier || keyword(field))
            return errorAt(QStringLiteral("expected a field name"), field.pos);
        const Column *column = m_table.column(field.text);
        if (!column)
            return errorAt(QStringLiteral("unknown field '%1'").arg(field.text), field.pos);
        const Token &op = take();
        if (op.kind != TokenKind::Op)
            return errorAt(QStringLiteral("expected an operator"), op.pos);
        auto value = literal(take());
        if (!value)
            return value.error();

        const QString col = quoteIdentifier(column->name);
        if (value->kind == Literal::Null) {
            if (op.text == QLatin1String("="))
                return col + QStringLiteral(" IS NULL");
            if (op.text == QLatin1String("!="))
                return col + QStringLiteral(" IS NOT NULL");
            return errorAt(QStringLiteral("null can only be compared with = or !="), op.pos);
        }
        if (op.text == QLatin1String("~") || op.text == QLatin1String("!~"))
            return contains(*column, col, *value, op.text == QLatin1String("!~"));
        auto param = shape(*column, *value);
        if (!param)
            return param.error();
        m_params.append(*param);
        const QString sqlOp = op.text == QLatin1String("!=") ? QStringLiteral("<>") : op.text;
        return col + QLatin1Char(' ') + sqlOp + QStringLiteral(" ?");
    }

    static bool keyword(const Token &t)
    {
        return t.text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ||
               t.text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0 ||
               t.text.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0;
    }

    static Result<Literal> literal(const Token &t)
    {
        Literal v;
        v.pos = t.pos;
        v.text = t.text;
        if (t.kind == TokenKind::String) {
            v.kind = Literal::Text;
        } else if (t.kind == TokenKind::Number) {
            v.kind = Literal::Number;
        } else if (t.kind == TokenKind::Identifier && keyword(t)) {
            const QString word = t.text.toLower();
            v.kind = word == QLatin1String("null") ? Literal::Null : Literal::Bool;
            v.boolean = word == QLatin1String("true");
        } else {
            return errorAt(QStringLiteral("expected a value"), t.pos);
        }
        return v;
    }

    QVariant boolParam(bool b) const
    {
        return m_dialect == Dialect::Sqlite ? QVariant(b ? 1 : 0) : QVariant(b);
    }

    static QVariant number(const QString &text, bool *ok)
    {
        bool isInt = false;
        const qlonglong i = text.toLongLong(&isInt);
        if (isInt) {
            *ok = true;
            return i;
        }
        const double d = text.toDouble(ok);
        return d;
    }

    // Shapes a literal for the column so both dialects compare like with like: PostgreSQL
    // refuses integer = text, and SQLite would silently compare across storage classes.
    Result<QVariant> shape(const Column &column, const Literal &v) const
    {
        const QString name = column.name;
        switch (column.type) {
        case ColumnType::Integer:
        case ColumnType::Real: {
            if (v.kind == Literal::Bool)
                return QVariant(v.boolean ? 1 : 0);
            bool ok = false;
            const QVariant n = number(v.text.trimmed(), &ok);
            if (!ok)
                return errorAt(QStringLiteral("'%1' needs a number").arg(name), v.pos);
            return n;
        }
        case ColumnType::Boolean: {
            if (v.kind == Literal::Bool)
                return boolParam(v.boolean);
            const QString t = v.text.trimmed().toLower();
            if (t == QLatin1String("1") || t == QLatin1String("true"))
                return boolParam(true);
            if (t == QLatin1String("0") || t == QLatin1String("false"))
                return boolParam(false);
            return errorAt(QStringLiteral("'%1' needs true or false").arg(name), v.pos);
        }
        case ColumnType::Other:
            if (v.kind == Literal::Number && m_dialect == Dialect::Sqlite) {
                bool ok = false;
                return number(v.text, &ok);
            }
            [[fallthrough]];
        default:
            if (v.kind == Literal::Bool)
                return boolParam(v.boolean);
            return QVariant(v.text);
        }
    }

    Result<QString> contains(const Column &column, const QString &col, const Literal &v,
                             bool negate)
    {
        const QString text =
            v.kind == Literal::Bool ? QString::fromLatin1(v.boolean ? "true" : "false") : v.text;
        m_params.append(QLatin1Char('%') + escapeLike(text) + QLatin1Char('%'));
        QString lhs = col;
        QString like = negate ? QStringLiteral("NOT LIKE") : QStringLiteral("LIKE");
        if (m_dialect == Dialect::Postgres) {
            // ILIKE keeps "contains" case-insensitive for ASCII, as SQLite's LIKE is.
            like = negate ? QStringLiteral("NOT ILIKE") : QStringLiteral("ILIKE");
            if (column.type != ColumnType::Text)
                lhs = QStringLiteral("CAST(%1 AS text)").arg(col);
        }
        return lhs + QLatin1Char(' ') + like + QStringLiteral(" ? ESCAPE '\\'");
    }

    const QList<Token> &m_tokens;
    const Table &m_table;
    Dialect m_dialect;
    QVariantList m_params;
    int m_pos = 0;
    int m_depth = 0;
};

} // namespace

QString escapeLike(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            out.append(QLatin1Char('\\'));
        out.append(c);
    }
    return out;
}

Result<SqlFragment> compileFilter(const QString &filter, const Table &table, Dialect dialect)
{
    if (filter.size() > kMaxFilterLength)
        return errorAt(
            QStringLiteral("the filter is longer than %1 characters").arg(kMaxFilterLength),
            kMaxFilterLength);
    if (filter.trimmed().isEmpty())
        return SqlFragment{};
    auto tokens = internal::tokenizeFilter(filter);
    if (!tokens)
        return tokens.error();
    return Parser(*tokens, table, dialect).run();
}

} // namespace bb::store
