// GraphQlSchema::completions: a forgiving walk over the text before the cursor. It is not a
// parser: it only tracks which selection set (and so which type) each '{' opens, which is all a
// completer needs, and it accepts any text without failing.
#include "client/graphql_schema.h"

namespace bb::client {

namespace {

struct Token {
    enum class Kind { Name, Punct, Value } kind;
    QString text;
};

bool isNameStart(QChar c)
{
    return c == QLatin1Char('_') || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// Tokens of text; strings, numbers and variables become Value tokens, comments and commas go.
QList<Token> lex(QStringView text)
{
    QList<Token> out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text[i];
        if (c.isSpace() || c == QLatin1Char(',') || c == QChar(0xFEFF)) {
            ++i;
        } else if (c == QLatin1Char('#')) {
            while (i < n && text[i] != QLatin1Char('\n') && text[i] != QLatin1Char('\r'))
                ++i;
        } else if (c == QLatin1Char('"')) {
            if (text.sliced(i).startsWith(QLatin1String("\"\"\""))) { // block string
                const qsizetype end = text.indexOf(QLatin1String("\"\"\""), i + 3);
                i = end < 0 ? n : end + 3;
            } else {
                ++i;
                while (i < n && text[i] != QLatin1Char('"') && text[i] != QLatin1Char('\n')) {
                    if (text[i] == QLatin1Char('\\'))
                        ++i;
                    ++i;
                }
                ++i;
            }
            out.append({Token::Kind::Value, {}});
        } else if (text.sliced(i).startsWith(QLatin1String("..."))) {
            out.append({Token::Kind::Punct, QStringLiteral("...")});
            i += 3;
        } else if (isNameStart(c)) {
            const qsizetype start = i;
            while (i < n && isNameChar(text[i]))
                ++i;
            out.append({Token::Kind::Name, text.sliced(start, i - start).toString()});
        } else if (c == QLatin1Char('$')) {
            ++i;
            while (i < n && isNameChar(text[i]))
                ++i;
            out.append({Token::Kind::Value, {}});
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            ++i;
            while (i < n && (isNameChar(text[i]) || text[i] == QLatin1Char('.') ||
                             text[i] == QLatin1Char('+') || text[i] == QLatin1Char('-')))
                ++i;
            out.append({Token::Kind::Value, {}});
        } else {
            out.append({Token::Kind::Punct, QString(c)});
            ++i;
        }
    }
    return out;
}

// One open selection set: the type it selects from (empty when unknown).
struct Frame {
    QString type;
    QString lastField; ///< the field a following '{' or '(' belongs to
};

// One level of an argument list or input value being written: keys and values (the field's
// arguments, or an input object's fields), or a list's elements.
struct ValueFrame {
    QString objectType;      ///< input object whose fields are the keys; empty = the arguments
    bool list = false;       ///< a list: every position holds a value of elementType
    QString elementType;     ///< SDL type of the list's elements
    QString key;             ///< the key last written
    bool afterColon = false; ///< the value for key comes next
};

constexpr int kMaxDepth = 256;

// "[Role!]!" -> "Role"
QString namedType(QString sdl)
{
    sdl.remove(QLatin1Char('[')).remove(QLatin1Char(']')).remove(QLatin1Char('!'));
    return sdl.trimmed();
}

// "[Role!]!" -> "Role!"; a type that is not a list is its own element (input coercion accepts
// a single value where a list is expected).
QString elementOf(QString sdl)
{
    sdl = sdl.trimmed();
    if (sdl.endsWith(QLatin1Char('!')))
        sdl.chop(1);
    if (sdl.startsWith(QLatin1Char('[')) && sdl.endsWith(QLatin1Char(']')))
        return sdl.mid(1, sdl.size() - 2);
    return sdl;
}

} // namespace

QStringList GraphQlSchema::completions(const QString &query, int cursor) const
{
    cursor = qBound(0, cursor, int(query.size()));
    // A word being typed at the cursor is the caller's prefix, not part of the context.
    qsizetype end = cursor;
    while (end > 0 && isNameChar(query[end - 1]))
        --end;
    const QList<Token> tokens = lex(QStringView(query).first(end));

    QList<Frame> stack;
    QString pendingRoot; ///< the type the next top-level '{' opens
    bool expectFragmentName = false, expectFragmentOn = false, expectFragmentType = false;
    bool afterSpread = false;      ///< just saw "..."
    bool expectInlineType = false; ///< saw "... on"
    QString inlineType;            ///< "... on T" waiting for its '{'
    bool inlinePending = false;    ///< a '{' now opens an inline fragment
    bool afterDirective = false;   ///< the next name is a directive's
    int parenDepth = 0;            ///< inside arguments or variable definitions
    QString argField, argType;     ///< the field (and its type) whose arguments are open
    QList<ValueFrame> values;      ///< what is being written inside the arguments

    // The SDL type of the value that goes at frame's current position.
    auto valueType = [this, &argField, &argType](const ValueFrame &f) -> QString {
        if (f.list)
            return f.elementType;
        if (f.objectType.isEmpty()) {
            const GraphQlType *parent = type(argType);
            if (const GraphQlField *field = parent ? parent->field(argField) : nullptr)
                for (const GraphQlInputValue &a : field->args)
                    if (a.name == f.key)
                        return a.type;
            return {};
        }
        if (const GraphQlType *input = type(f.objectType))
            for (const GraphQlInputValue &v : input->inputFields)
                if (v.name == f.key)
                    return v.type;
        return {};
    };

    for (const Token &t : tokens) {
        if (parenDepth > 0) {
            ValueFrame &top = values.last();
            const QString &p = t.text;
            if (t.kind == Token::Kind::Name) {
                if (top.list)
                    continue;         // an element (enum value, true, null)
                if (top.afterColon) { // an enum value, true/false or null: the value is done
                    top.afterColon = false;
                    top.key.clear();
                } else {
                    top.key = p;
                }
            } else if (t.kind == Token::Kind::Value) {
                if (!top.list && top.afterColon) {
                    top.afterColon = false;
                    top.key.clear();
                }
            } else if (p == QLatin1String("(")) {
                ++parenDepth;
            } else if (p == QLatin1String(")")) {
                --parenDepth;
            } else if (p == QLatin1String(":")) {
                top.afterColon = !top.list && !top.key.isEmpty();
            } else if (p == QLatin1String("{") || p == QLatin1String("[")) {
                if (values.size() >= kMaxDepth)
                    return {};
                const QString inner = top.list || top.afterColon ? valueType(top) : QString();
                ValueFrame next;
                if (p == QLatin1String("[")) {
                    next.list = true;
                    next.elementType = elementOf(inner);
                } else {
                    // An unknown type still opens an object, just one with no known fields.
                    next.objectType = inner.isEmpty() ? QStringLiteral("?") : namedType(inner);
                }
                values.append(next);
            } else if ((p == QLatin1String("}") || p == QLatin1String("]")) && values.size() > 1) {
                values.removeLast();
                ValueFrame &parent = values.last();
                if (!parent.list) { // the object or list was the key's value
                    parent.afterColon = false;
                    parent.key.clear();
                }
            }
            continue;
        }
        if (t.kind == Token::Kind::Punct) {
            const QString &p = t.text;
            if (p == QLatin1String("(")) {
                parenDepth = 1;
                values = {ValueFrame{}};
                argField = stack.isEmpty() || afterDirective ? QString() : stack.last().lastField;
                argType = stack.isEmpty() || afterDirective ? QString() : stack.last().type;
                afterDirective = false;
            } else if (p == QLatin1String("{")) {
                if (stack.size() >= kMaxDepth)
                    return {};
                if (stack.isEmpty()) {
                    stack.append({pendingRoot.isEmpty() ? m_queryType : pendingRoot, {}});
                } else if (inlinePending || afterSpread) {
                    // "... on T {" selects from T; a bare "... {" stays on the current type.
                    stack.append({inlineType.isEmpty() ? stack.last().type : inlineType, {}});
                } else {
                    const GraphQlType *parent = type(stack.last().type);
                    const GraphQlField *f =
                        parent ? parent->field(stack.last().lastField) : nullptr;
                    stack.append({f ? f->typeName : QString(), {}});
                }
                pendingRoot.clear();
                inlineType.clear();
                inlinePending = afterSpread = expectInlineType = afterDirective = false;
            } else if (p == QLatin1String("}")) {
                if (!stack.isEmpty())
                    stack.removeLast();
                if (!stack.isEmpty())
                    stack.last().lastField.clear();
                inlinePending = afterSpread = expectInlineType = afterDirective = false;
            } else if (p == QLatin1String("...")) {
                afterSpread = true;
                afterDirective = false;
                if (!stack.isEmpty())
                    stack.last().lastField.clear();
            } else if (p == QLatin1String("@")) {
                afterDirective = true;
            }
            // ':' (an alias), '!', '=', '[' and the rest need nothing: a following name simply
            // replaces the alias as the field.
            continue;
        }
        if (t.kind == Token::Kind::Value)
            continue;
        // A name.
        const QString &name = t.text;
        if (afterDirective) {
            afterDirective = false; // "@include": the name is the directive's, not a field
            continue;
        }
        if (stack.isEmpty()) {
            if (expectFragmentType) {
                pendingRoot = name;
                expectFragmentType = false;
            } else if (expectFragmentOn) {
                expectFragmentOn = false;
                expectFragmentType = name == QLatin1String("on");
            } else if (expectFragmentName) {
                expectFragmentName = false;
                expectFragmentOn = true;
            } else if (name == QLatin1String("query")) {
                pendingRoot = m_queryType;
            } else if (name == QLatin1String("mutation")) {
                pendingRoot = m_mutationType;
            } else if (name == QLatin1String("subscription")) {
                pendingRoot = m_subscriptionType;
            } else if (name == QLatin1String("fragment")) {
                expectFragmentName = true;
            }
            continue;
        }
        if (expectInlineType) {
            inlineType = name;
            inlinePending = true;
            expectInlineType = false;
        } else if (afterSpread) {
            afterSpread = false;
            if (name == QLatin1String("on"))
                expectInlineType = true; // "... on T"
            // else a named fragment spread: nothing opens
        } else {
            stack.last().lastField = name;
        }
    }

    QStringList out;
    if (stack.isEmpty())
        return out;
    if (parenDepth > 0) {
        if (parenDepth != 1 || values.isEmpty())
            return out;
        const ValueFrame &top = values.last();
        if (top.list || top.afterColon) {
            // A value: an enum's values, true/false for a Boolean; other scalars are typed.
            const QString named = namedType(valueType(top));
            if (named == QLatin1String("Boolean"))
                return {QStringLiteral("true"), QStringLiteral("false")};
            const GraphQlType *t = type(named);
            return t && t->kind == GraphQlType::Kind::Enum ? t->enumValues : out;
        }
        if (top.objectType.isEmpty()) { // argument names
            const GraphQlType *parent = type(argType);
            if (const GraphQlField *f = parent ? parent->field(argField) : nullptr)
                for (const GraphQlInputValue &a : f->args)
                    out.append(a.name);
        } else if (const GraphQlType *input = type(top.objectType);
                   input && input->kind == GraphQlType::Kind::InputObject) {
            for (const GraphQlInputValue &v : input->inputFields)
                out.append(v.name);
        }
        return out;
    }
    if (expectInlineType) { // "... on |": the types this selection can narrow to
        const GraphQlType *current = type(stack.last().type);
        out = current && !current->possibleTypes.isEmpty() ? current->possibleTypes
                                                           : QStringList{stack.last().type};
        out.removeAll(QString());
        return out;
    }
    if (afterSpread) // "... |": a type condition or a named fragment
        return {QStringLiteral("on")};
    if (afterDirective || inlinePending)
        return out;
    const GraphQlType *current = type(stack.last().type);
    // Only composite types have selection sets; "title { }" on a String selects nothing.
    if (!current || (current->kind != GraphQlType::Kind::Object &&
                     current->kind != GraphQlType::Kind::Interface &&
                     current->kind != GraphQlType::Kind::Union))
        return out;
    for (const GraphQlField &f : current->fields)
        out.append(f.name);
    out.append(QStringLiteral("__typename"));
    return out;
}

} // namespace bb::client
