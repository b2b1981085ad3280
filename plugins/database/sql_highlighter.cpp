#include "sql_highlighter.h"

#include "code_highlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSet>
#include <QTextDocument>

#ifdef BB_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace bb::plugins::database {

namespace {

enum BlockState { Normal = 0, InComment = 1, InString = 2 };

const QSet<QString> &keywords()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *w : {"ABORT",
                              "ADD",
                              "ALL",
                              "ALTER",
                              "ANALYZE",
                              "AND",
                              "AS",
                              "ASC",
                              "AUTOINCREMENT",
                              "BEGIN",
                              "BETWEEN",
                              "BY",
                              "CASCADE",
                              "CASE",
                              "CHECK",
                              "COLLATE",
                              "COLUMN",
                              "COMMIT",
                              "CONFLICT",
                              "CONSTRAINT",
                              "CREATE",
                              "CROSS",
                              "CURRENT_DATE",
                              "CURRENT_TIME",
                              "CURRENT_TIMESTAMP",
                              "DATABASE",
                              "DEFAULT",
                              "DEFERRABLE",
                              "DELETE",
                              "DESC",
                              "DISTINCT",
                              "DO",
                              "DROP",
                              "ELSE",
                              "END",
                              "ESCAPE",
                              "EXCEPT",
                              "EXISTS",
                              "EXPLAIN",
                              "FALSE",
                              "FILTER",
                              "FOR",
                              "FOREIGN",
                              "FROM",
                              "FULL",
                              "GROUP",
                              "HAVING",
                              "IF",
                              "ILIKE",
                              "IN",
                              "INDEX",
                              "INNER",
                              "INSERT",
                              "INTERSECT",
                              "INTO",
                              "IS",
                              "ISNULL",
                              "JOIN",
                              "KEY",
                              "LEFT",
                              "LIKE",
                              "LIMIT",
                              "NATURAL",
                              "NOT",
                              "NOTNULL",
                              "NOTHING",
                              "NULL",
                              "NULLS",
                              "FIRST",
                              "LAST",
                              "OF",
                              "OFFSET",
                              "ON",
                              "OR",
                              "ORDER",
                              "OUTER",
                              "OVER",
                              "PARTITION",
                              "PLAN",
                              "PRAGMA",
                              "PRIMARY",
                              "QUERY",
                              "RECURSIVE",
                              "REFERENCES",
                              "RELEASE",
                              "RENAME",
                              "REPLACE",
                              "RESTRICT",
                              "RETURNING",
                              "RIGHT",
                              "ROLLBACK",
                              "ROW",
                              "ROWID",
                              "SAVEPOINT",
                              "SCHEMA",
                              "SELECT",
                              "SET",
                              "TABLE",
                              "TEMP",
                              "TEMPORARY",
                              "THEN",
                              "TO",
                              "TRANSACTION",
                              "TRIGGER",
                              "TRUE",
                              "TRUNCATE",
                              "UNION",
                              "UNIQUE",
                              "UPDATE",
                              "USING",
                              "VACUUM",
                              "VALUES",
                              "VIEW",
                              "WHEN",
                              "WHERE",
                              "WINDOW",
                              "WITH",
                              "WITHOUT"})
            set.insert(QString::fromLatin1(w));
        return set;
    }();
    return words;
}

const QSet<QString> &types()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *w :
             {"BIGINT",   "BLOB",      "BOOL",        "BOOLEAN", "BYTEA",     "CHAR",     "DATE",
              "DATETIME", "DECIMAL",   "DOUBLE",      "FLOAT",   "INT",       "INTEGER",  "JSON",
              "JSONB",    "NUMERIC",   "REAL",        "SERIAL",  "BIGSERIAL", "SMALLINT", "TEXT",
              "TIME",     "TIMESTAMP", "TIMESTAMPTZ", "UUID",    "VARCHAR"})
            set.insert(QString::fromLatin1(w));
        return set;
    }();
    return words;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// Where a '…' string that is open at `from` ends: just past its closing quote ('' inside is an
// escaped quote), or the end of `text` with `closed` false.
qsizetype stringEnd(const QString &text, qsizetype from, bool &closed)
{
    const qsizetype n = text.size();
    qsizetype j = from;
    closed = false;
    while (j < n) {
        if (text[j] == QLatin1Char('\'')) {
            if (j + 1 < n && text[j + 1] == QLatin1Char('\'')) {
                j += 2;
                continue;
            }
            closed = true;
            ++j;
            break;
        }
        ++j;
    }
    return j;
}

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    applyPalette();
}

void SqlHighlighter::applyPalette()
{
    // Colours that read on both light and dark palettes: picked by the window's lightness.
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    auto make = [](QColor colour, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(colour);
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        return f;
    };
    m_formats[int(Token::Keyword)] =
        make(dark ? QColor(0x6c, 0xb6, 0xff) : QColor(0x00, 0x3f, 0xb0), true);
    m_formats[int(Token::Type)] = make(dark ? QColor(0x4e, 0xc9, 0xb0) : QColor(0x00, 0x7a, 0x6e));
    m_formats[int(Token::Function)] =
        make(dark ? QColor(0xdc, 0xdc, 0xaa) : QColor(0x79, 0x5e, 0x26));
    m_formats[int(Token::String)] =
        make(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15));
    m_formats[int(Token::Identifier)] =
        make(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x55, 0x80));
    m_formats[int(Token::Number)] =
        make(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58));
    m_formats[int(Token::Parameter)] =
        make(dark ? QColor(0xc5, 0x86, 0xc0) : QColor(0xaf, 0x00, 0xdb));
    m_formats[int(Token::Comment)] =
        make(dark ? QColor(0x6a, 0x99, 0x55) : QColor(0x6a, 0x73, 0x7d), false, true);
}

QTextCharFormat SqlHighlighter::format(Token token) const
{
    return m_formats[int(token)];
}

bool SqlHighlighter::isKeyword(QStringView word)
{
    return keywords().contains(word.toString().toUpper());
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    int state = previousBlockState() < 0 ? Normal : previousBlockState();

    // Finish what the previous line left open.
    if (state == InComment) {
        const qsizetype end = text.indexOf(QLatin1String("*/"));
        const qsizetype stop = end < 0 ? n : end + 2;
        setFormat(0, int(stop), format(Token::Comment));
        if (end < 0) {
            setCurrentBlockState(InComment);
            return;
        }
        i = stop;
    } else if (state == InString) {
        bool closed = false;
        const qsizetype j = stringEnd(text, 0, closed);
        setFormat(0, int(j), format(Token::String));
        if (!closed) {
            setCurrentBlockState(InString);
            return;
        }
        i = j;
    }
    state = Normal;

    while (i < n) {
        const QChar c = text[i];
        if (c == QLatin1Char('-') && i + 1 < n && text[i + 1] == QLatin1Char('-')) {
            setFormat(int(i), int(n - i), format(Token::Comment));
            break;
        }
        if (c == QLatin1Char('/') && i + 1 < n && text[i + 1] == QLatin1Char('*')) {
            const qsizetype end = text.indexOf(QLatin1String("*/"), i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            setFormat(int(i), int(stop - i), format(Token::Comment));
            if (end < 0)
                state = InComment;
            i = stop;
            continue;
        }
        if (c == QLatin1Char('\'')) {
            bool closed = false;
            const qsizetype j = stringEnd(text, i + 1, closed);
            setFormat(int(i), int(j - i), format(Token::String));
            if (!closed)
                state = InString;
            i = j;
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('[')) {
            const QChar close = c == QLatin1Char('[') ? QLatin1Char(']') : c;
            const qsizetype end = text.indexOf(close, i + 1);
            const qsizetype stop = end < 0 ? n : end + 1;
            setFormat(int(i), int(stop - i), format(Token::Identifier));
            i = stop;
            continue;
        }
        if ((c == QLatin1Char('?') || c == QLatin1Char(':') || c == QLatin1Char('@')) &&
            (c == QLatin1Char('?') || (i + 1 < n && text[i + 1].isLetter()))) {
            qsizetype j = i + 1;
            while (j < n && isWordChar(text[j]))
                ++j;
            setFormat(int(i), int(j - i), format(Token::Parameter));
            i = j;
            continue;
        }
        if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && text[i + 1].isDigit())) {
            qsizetype j = i;
            while (j < n && (text[j].isLetterOrNumber() || text[j] == QLatin1Char('.')))
                ++j;
            setFormat(int(i), int(j - i), format(Token::Number));
            i = j;
            continue;
        }
        if (c.isLetter() || c == QLatin1Char('_')) {
            qsizetype j = i;
            while (j < n && isWordChar(text[j]))
                ++j;
            const QString word = text.mid(i, j - i).toUpper();
            if (keywords().contains(word))
                setFormat(int(i), int(j - i), format(Token::Keyword));
            else if (types().contains(word))
                setFormat(int(i), int(j - i), format(Token::Type));
            else {
                qsizetype k = j;
                while (k < n && text[k] == QLatin1Char(' '))
                    ++k;
                if (k < n && text[k] == QLatin1Char('('))
                    setFormat(int(i), int(j - i), format(Token::Function));
            }
            i = j;
            continue;
        }
        ++i;
    }
    setCurrentBlockState(state);
}

QSyntaxHighlighter *attachHighlighter(QTextDocument *document, const QString &language)
{
#ifdef BB_HAVE_KSYNTAXHIGHLIGHTING
    static KSyntaxHighlighting::Repository repository;
    const auto definition = repository.definitionForName(language);
    if (definition.isValid()) {
        auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
        const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
        highlighter->setTheme(
            repository.defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                         : KSyntaxHighlighting::Repository::LightTheme));
        highlighter->setDefinition(definition);
        return highlighter;
    }
#endif
    if (language.compare(QLatin1String("SQL"), Qt::CaseInsensitive) == 0)
        return new SqlHighlighter(document);
    return nullptr;
}

QString highlighterBackend()
{
#ifdef BB_HAVE_KSYNTAXHIGHLIGHTING
    return QStringLiteral("KSyntaxHighlighting");
#else
    return QStringLiteral("built-in");
#endif
}

} // namespace bb::plugins::database
