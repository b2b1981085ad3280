#include "store/constraint_errors_p.h"

#include <QRegularExpression>

namespace bb::store::internal {

namespace {

// Database::exec prefixes the driver's native code: "[23505] ERROR: duplicate key ...".
QString nativeCode(const QString &message)
{
    static const QRegularExpression code(QStringLiteral("^\\[([^\\]]+)\\]"));
    const auto m = code.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

QStringList knownColumns(const QStringList &names, const Table &table)
{
    QStringList out;
    for (QString n : names) {
        n = n.trimmed();
        if (n.startsWith(QLatin1Char('"')) && n.endsWith(QLatin1Char('"')) && n.size() >= 2)
            n = n.mid(1, n.size() - 2).replace(QLatin1String("\"\""), QLatin1String("\""));
        if (table.column(n))
            out.append(n);
    }
    return out;
}

ConstraintViolation sqlite(const QString &text, const Table &table)
{
    ConstraintViolation v;
    const auto columnsAfterColon = [&] {
        // "UNIQUE constraint failed: posts.slug, posts.author_id"
        QStringList names;
        const QString list = text.section(QLatin1String("failed:"), 1).trimmed();
        for (const QString &qualified : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
            names.append(qualified.trimmed().section(QLatin1Char('.'), -1));
        return knownColumns(names, table);
    };
    if (text.contains(QLatin1String("UNIQUE constraint failed")) ||
        text.contains(QLatin1String("PRIMARY KEY constraint failed"))) {
        v.kind = ConstraintViolation::Unique;
        v.columns = columnsAfterColon();
    } else if (text.contains(QLatin1String("FOREIGN KEY constraint failed"))) {
        v.kind = ConstraintViolation::ForeignKey;
    } else if (text.contains(QLatin1String("NOT NULL constraint failed"))) {
        v.kind = ConstraintViolation::NotNull;
        v.columns = columnsAfterColon();
    } else if (text.contains(QLatin1String("CHECK constraint failed"))) {
        v.kind = ConstraintViolation::Check;
    } else if (text.contains(QLatin1String("datatype mismatch"))) {
        v.kind = ConstraintViolation::BadValue;
    }
    return v;
}

ConstraintViolation postgres(const QString &code, const QString &text, const Table &table)
{
    static const QRegularExpression key(QStringLiteral("Key \\((.+?)\\)=\\("));
    static const QRegularExpression column(QStringLiteral("column \"((?:[^\"]|\"\")+)\""));
    static const QRegularExpression constraint(QStringLiteral("constraint \"((?:[^\"]|\"\")+)\""));
    ConstraintViolation v;
    if (code == QLatin1String("23505"))
        v.kind = ConstraintViolation::Unique;
    else if (code == QLatin1String("23503"))
        v.kind = ConstraintViolation::ForeignKey;
    else if (code == QLatin1String("23502"))
        v.kind = ConstraintViolation::NotNull;
    else if (code == QLatin1String("23514"))
        v.kind = ConstraintViolation::Check;
    else if (code.startsWith(QLatin1String("22")))
        v.kind = ConstraintViolation::BadValue;
    else
        return v;

    if (const auto m = key.match(text); m.hasMatch()) {
        v.columns = knownColumns(m.captured(1).split(QLatin1String(", ")), table);
    } else if (const auto c = column.match(text); c.hasMatch()) {
        v.columns = knownColumns({c.captured(1)}, table);
    } else if (const auto n = constraint.match(text); n.hasMatch()) {
        for (const Index &idx : table.indexes) {
            if (idx.name == n.captured(1))
                v.columns = knownColumns(idx.columns, table);
        }
    }
    return v;
}

} // namespace

ConstraintViolation classifyError(const Error &error, Dialect dialect, const Table &table)
{
    if (dialect == Dialect::Sqlite)
        return sqlite(error.message, table);
    return postgres(nativeCode(error.message), error.message, table);
}

} // namespace bb::store::internal
