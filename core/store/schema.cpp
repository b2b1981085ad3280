#include "store/schema.h"

#include <algorithm>

namespace bb::store {

const Column *Table::column(QStringView name) const
{
    for (const Column &c : columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

const Table *Schema::table(QStringView name) const
{
    for (const Table &t : tables) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

QList<const Table *> Schema::resources() const
{
    QList<const Table *> out;
    for (const Table &t : tables) {
        if (!t.isSystem() && !t.isView)
            out.append(&t);
    }
    std::sort(out.begin(), out.end(),
              [](const Table *a, const Table *b) { return a->name < b->name; });
    return out;
}

ColumnType columnTypeFromDeclared(QStringView declared)
{
    const QString t = declared.toString().toUpper();
    const auto has = [&t](const char *word) { return t.contains(QLatin1String(word)); };
    if (t.isEmpty())
        return ColumnType::Other;
    // Order matters: "TIMESTAMP" contains "TIME", "POINT" and "INTERVAL" contain "INT".
    if (has("BOOL"))
        return ColumnType::Boolean;
    if (has("JSON"))
        return ColumnType::Json;
    if (has("BLOB") || has("BYTEA"))
        return ColumnType::Blob;
    if (has("INTERVAL") || has("POINT"))
        return ColumnType::Other;
    if (has("DATE") || has("TIME"))
        return ColumnType::DateTime;
    if (has("INT"))
        return ColumnType::Integer;
    if (has("CHAR") || has("TEXT") || has("CLOB") || has("UUID") || has("STRING"))
        return ColumnType::Text;
    if (has("REAL") || has("FLOA") || has("DOUB") || has("NUMERIC") || has("DECIMAL"))
        return ColumnType::Real;
    return ColumnType::Other;
}

} // namespace bb::store
