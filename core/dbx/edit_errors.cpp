#include "common/result.h"
#include "dbx/edit_errors_p.h"
#include "store/constraint_errors_p.h"
#include <QRegularExpression>

namespace bb::dbx {

namespace {

QString kindName(store::internal::ConstraintViolation::Kind kind)
{
    using V = store::internal::ConstraintViolation;
    switch (kind) {
    case V::Unique:
        return QStringLiteral("unique");
    case V::ForeignKey:
        return QStringLiteral("foreign key");
    case V::NotNull:
        return QStringLiteral("not null");
    case V::Check:
        return QStringLiteral("check");
    case V::BadValue:
        return QStringLiteral("bad value");
    case V::None:
        break;
    }
    return {};
}

// MySQL and MariaDB error numbers (the same on both for these):
// 1062 ER_DUP_ENTRY "Duplicate entry 'c1' for key 'code'" (the key is an index name),
// 1048 ER_BAD_NULL_ERROR "Column 'name' cannot be null", 1364 no default for a NOT NULL column,
// 1451/1452 foreign key (parent row / child row), 3819 (MySQL) and 4025 (MariaDB) CHECK,
// 1264/1265/1366/1292 a value out of range, truncated or of the wrong type.
EditViolation mysql(const QString &message, const store::Table &table)
{
    static const QRegularExpression code(QStringLiteral("^\\[(\\d+)\\]"));
    static const QRegularExpression column(QStringLiteral("[Cc]olumn '((?:[^']|'')+)'"));
    static const QRegularExpression key(QStringLiteral("for key '(?:[^'.]+\\.)?((?:[^']|'')+)'"));
    EditViolation v;
    const int n = code.match(message).captured(1).toInt();
    const auto named = [&](const QString &name) {
        if (table.column(name))
            v.columns = QStringList{name};
    };
    switch (n) {
    case 1062: {
        v.constraint = QStringLiteral("unique");
        const QString index = key.match(message).captured(1);
        for (const store::Index &idx : table.indexes) {
            if (idx.name == index)
                v.columns = idx.columns;
        }
        if (v.columns.isEmpty())
            named(index); // MySQL names a single-column unique key after its column
        break;
    }
    case 1048:
    case 1364:
        v.constraint = QStringLiteral("not null");
        named(column.match(message).captured(1));
        break;
    case 1451:
    case 1452:
        v.constraint = QStringLiteral("foreign key");
        break;
    case 3819:
    case 4025:
        v.constraint = QStringLiteral("check");
        break;
    case 1264:
    case 1265:
    case 1292:
    case 1366:
        v.constraint = QStringLiteral("bad value");
        named(column.match(message).captured(1));
        break;
    default:
        break;
    }
    return v;
}

} // namespace

EditViolation classifyEditError(const QString &message, store::Dialect dialect,
                                const store::Table &table)
{
    if (dialect == store::Dialect::Mysql)
        return mysql(message, table);
    const auto v = store::internal::classifyError(Error::internal(message), dialect, table);
    return {kindName(v.kind), v.columns};
}

} // namespace bb::dbx
