// Test helper: the Chinook SQLite script from the shared fixtures as a list of statements, and
// the small translation that lets PostgreSQL and MySQL run it:
//  - [Name] identifiers become "Name" (outside string literals; MySQL sessions use ANSI_QUOTES);
//  - PostgreSQL: NVARCHAR -> VARCHAR, DATETIME -> TIMESTAMP (it has neither type name);
//  - CREATE TABLEs are put in foreign-key order (the script creates Album before Artist, which
//    SQLite allows and the servers refuse); the INSERTs already come parent first.
#pragma once
#include "store/schema.h"
#include <QFile>
#include <QRegularExpression>
#include <QStringList>

namespace bb::dbx::test {

inline QString chinookPath()
{
    return QStringLiteral(BB_FIXTURES_DIR "/sql/Chinook_Sqlite.sql");
}

/// Splits on ';' outside quotes and comments; drops comments; turns [x] into "x".
inline QStringList splitChinook(const QString &text)
{
    QStringList out;
    QString cur;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        const QChar next = i + 1 < text.size() ? text[i + 1] : QChar();
        if (c == QLatin1Char('\'')) {
            const qsizetype end = [&] {
                for (qsizetype j = i + 1; j < text.size(); ++j) {
                    if (text[j] == QLatin1Char('\'')) {
                        if (j + 1 < text.size() && text[j + 1] == QLatin1Char('\'')) {
                            ++j;
                            continue;
                        }
                        return j;
                    }
                }
                return text.size() - 1;
            }();
            cur += text.mid(i, end - i + 1);
            i = end;
        } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            const qsizetype end = text.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? text.size() : end + 1;
        } else if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            const qsizetype end = text.indexOf(QLatin1Char('\n'), i);
            i = end < 0 ? text.size() : end;
        } else if (c == QLatin1Char('[')) {
            cur += QLatin1Char('"');
        } else if (c == QLatin1Char(']')) {
            cur += QLatin1Char('"');
        } else if (c == QLatin1Char(';')) {
            if (!cur.trimmed().isEmpty())
                out << cur.trimmed();
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.trimmed().isEmpty())
        out << cur.trimmed();
    return out;
}

/// The script's statements for `dialect`, or an empty list when the fixture is missing.
inline QStringList chinookStatements(store::Dialect dialect)
{
    QFile f(chinookPath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList statements = splitChinook(QString::fromUtf8(f.readAll()));
    if (dialect == store::Dialect::Sqlite)
        return statements;

    static const QRegularExpression createTable(QStringLiteral("^CREATE TABLE \"(\\w+)\""));
    static const QRegularExpression references(QStringLiteral("REFERENCES \"(\\w+)\""));
    QStringList creates;
    QStringList rest;
    for (QString s : statements) {
        if (dialect == store::Dialect::Postgres && !s.startsWith(QLatin1String("INSERT"))) {
            s.replace(QLatin1String("NVARCHAR"), QLatin1String("VARCHAR"));
            s.replace(QLatin1String("DATETIME"), QLatin1String("TIMESTAMP"));
        }
        (createTable.match(s).hasMatch() ? creates : rest) << s;
    }
    // Parents first: emit a table once everything it references (but itself) is out.
    QStringList ordered;
    QStringList made;
    for (int round = 0; round < 20 && !creates.isEmpty(); ++round) {
        for (qsizetype i = 0; i < creates.size();) {
            const QString name = createTable.match(creates[i]).captured(1);
            bool ready = true;
            for (auto it = references.globalMatch(creates[i]); it.hasNext();) {
                const QString ref = it.next().captured(1);
                ready = ready && (ref == name || made.contains(ref));
            }
            if (ready) {
                ordered << creates.takeAt(i);
                made << name;
            } else {
                ++i;
            }
        }
    }
    QStringList out;
    for (const QString &s : rest) {
        if (s.startsWith(QLatin1String("DROP")))
            out << s;
    }
    out << ordered << creates; // anything left is cyclic: the server will say so
    for (const QString &s : rest) {
        if (!s.startsWith(QLatin1String("DROP")))
            out << s;
    }
    return out;
}

/// Table -> rows from the fixture README's Chinook table ("| Album | 347 |").
inline QMap<QString, qint64> chinookExpectedCounts()
{
    QFile f(QStringLiteral(BB_FIXTURES_DIR "/README.md"));
    QMap<QString, qint64> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QString text = QString::fromUtf8(f.readAll());
    const qsizetype from = text.indexOf(QLatin1String("## sql/"));
    const qsizetype to = text.indexOf(QLatin1String("\n## "), from + 1);
    static const QRegularExpression row(QStringLiteral("^\\| (\\w+) \\| (\\d+) \\|$"),
                                        QRegularExpression::MultilineOption);
    for (auto it = row.globalMatch(text.mid(from, to - from)); it.hasNext();) {
        const auto m = it.next();
        out.insert(m.captured(1), m.captured(2).toLongLong());
    }
    return out;
}

} // namespace bb::dbx::test
