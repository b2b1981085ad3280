// Test support — the table the filter-language tests and the filter fuzzer compile against:
// one column of every ColumnType.
#pragma once

#include "store/schema.h"

namespace bbtest {

inline bb::store::Table filterTestTable()
{
    using bb::store::ColumnType;
    bb::store::Table t;
    t.name = QStringLiteral("posts");
    t.primaryKey = QStringLiteral("id");
    const auto add = [&t](const char *name, ColumnType type) {
        bb::store::Column c;
        c.name = QString::fromLatin1(name);
        c.type = type;
        t.columns.append(c);
    };
    add("id", ColumnType::Integer);
    add("title", ColumnType::Text);
    add("views", ColumnType::Integer);
    add("rating", ColumnType::Real);
    add("published", ColumnType::Boolean);
    add("created_at", ColumnType::DateTime);
    add("meta", ColumnType::Json);
    add("data", ColumnType::Blob);
    add("extra", ColumnType::Other);
    return t;
}

} // namespace bbtest
