#include "store/sqlite_rows_p.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <sqlite3.h>

namespace bb::store::internal {

namespace {

bool continuation(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

// The value as QSQLITE builds its QVariant (see QSQLiteResultPrivate::fetchNext), for the
// shapes appendSqliteRow() does not write itself.
QVariant qtValue(sqlite3_stmt *row, int i)
{
    switch (sqlite3_column_type(row, i)) {
    case SQLITE_INTEGER:
        return QVariant(qlonglong(sqlite3_column_int64(row, i)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(row, i));
    case SQLITE_BLOB:
        return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(row, i)),
                                   sqlite3_column_bytes(row, i)));
    case SQLITE_NULL:
        return QVariant(QMetaType::fromType<QString>());
    default:
        return QVariant(QString(static_cast<const QChar *>(sqlite3_column_text16(row, i)),
                                sqlite3_column_bytes16(row, i) / qsizetype(sizeof(QChar))));
    }
}

void appendColumn(std::string &out, sqlite3_stmt *row, int i, ColumnType type)
{
    const int storage = sqlite3_column_type(row, i);
    if (storage == SQLITE_NULL) {
        out.append("null", 4);
        return;
    }
    const bool integerLike =
        type == ColumnType::Integer || type == ColumnType::DateTime || type == ColumnType::Other;
    if (storage == SQLITE_INTEGER && integerLike) {
        appendJsonInteger(out, sqlite3_column_int64(row, i));
        return;
    }
    if (storage == SQLITE_INTEGER && type == ColumnType::Boolean) {
        if (sqlite3_column_int64(row, i) != 0)
            out.append("true", 4);
        else
            out.append("false", 5);
        return;
    }
    if (storage == SQLITE_TEXT &&
        (type == ColumnType::Text || type == ColumnType::DateTime || type == ColumnType::Other)) {
        const unsigned char *text = sqlite3_column_text(row, i);
        const auto size = size_t(sqlite3_column_bytes(row, i));
        if (roundTripsUtf8(text, size)) {
            appendJsonUtf8(out, reinterpret_cast<const char *>(text), size);
            return;
        }
    }
    appendColumnValue(out, qtValue(row, i), type);
}

} // namespace

bool roundTripsUtf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            if (i + 1 >= n || !continuation(s[i + 1]))
                return false;
            i += 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            if (i + 2 >= n || !continuation(s[i + 1]) || !continuation(s[i + 2]))
                return false;
            const unsigned char c1 = s[i + 1];
            if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0))
                return false; // overlong, or a surrogate
            if (c == 0xef && c1 == 0xbf && s[i + 2] >= 0xbe)
                return false; // U+FFFE, U+FFFF
            i += 3;
        } else if (c >= 0xf0 && c <= 0xf4) {
            if (i + 3 >= n || !continuation(s[i + 1]) || !continuation(s[i + 2]) ||
                !continuation(s[i + 3]))
                return false;
            const unsigned char c1 = s[i + 1];
            if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90))
                return false; // overlong, or above U+10FFFF
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

void appendSqliteRow(std::string &out, sqlite3_stmt *row, const RowShape &shape)
{
    const auto &fields = shape.fields();
    if (fields.empty()) {
        out.append("{}", 2);
        return;
    }
    for (const RowShape::Field &f : fields) {
        out.append(f.prefix);
        appendColumn(out, row, f.index, f.type);
    }
    out.push_back('}');
}

} // namespace bb::store::internal
