// bb::store (private) — rows written straight to compact JSON text, byte for byte what
// QJsonDocument::toJson(Compact) gives for the same row built as a QJsonObject with toJson(),
// without building the QJsonObject: the engine serves the text as it is and hashes it for ETags.
#pragma once

#include "store/schema.h"

#include <QJsonValue>
#include <QList>
#include <QSqlQuery>
#include <QStringView>
#include <QVariant>

#include <string>
#include <vector>

namespace bb::store::internal {

/// `"…"` with Qt's escaping: `"` `\` and control characters escaped (\b \f \n \r \t, else
/// \u00XX), everything else as UTF-8, an unpaired surrogate as \uXXXX.
void appendJsonString(std::string &out, QStringView text);
/// The same for text already in UTF-8 that is well-formed (the caller checks): the bytes are
/// what appendJsonString() writes for the decoded text.
void appendJsonUtf8(std::string &out, const char *text, size_t size);
void appendJsonInteger(std::string &out, qint64 value);
/// A double as QJsonValue(double) is written: integral values that fit a qint64 as integers,
/// others in the shortest round-trip form, non-finite values as null.
void appendJsonDouble(std::string &out, double value);
/// Any JSON value, nested objects and arrays included.
void appendJsonValue(std::string &out, const QJsonValue &value);
/// A database value as toJson(value, type) maps it, written as JSON text.
void appendColumnValue(std::string &out, const QVariant &value, ColumnType type);

/// How the rows of one column selection are written. QJsonObject orders its keys by their
/// UTF-16 code units, so the fields are sorted once here, each with its key already escaped.
class RowShape {
public:
    struct Field {
        int index = 0; ///< position in the SELECT list
        ColumnType type = ColumnType::Other;
        std::string prefix; ///< `{"name":` for the first field, `,"name":` for the others
    };

    RowShape() = default;
    /// `columns` in the order the SELECT lists them.
    explicit RowShape(const QList<const Column *> &columns);

    const std::vector<Field> &fields() const { return m_fields; }
    /// Appends the query's current row as one JSON object.
    void appendRow(std::string &out, const QSqlQuery &query) const;

private:
    std::vector<Field> m_fields;
};

} // namespace bb::store::internal
