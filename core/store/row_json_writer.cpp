#include "store/row_json_writer_p.h"

#include "store/json_mapping_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace bb::store::internal {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendEscapedUnit(std::string &out, char16_t u)
{
    const char esc[6] = {
        '\\',         'u', kHex[(u >> 12) & 0xf], kHex[(u >> 8) & 0xf], kHex[(u >> 4) & 0xf],
        kHex[u & 0xf]};
    out.append(esc, sizeof esc);
}

void appendAscii(std::string &out, char16_t u)
{
    if (u >= 0x20 && u != u'"' && u != u'\\') {
        out.push_back(char(u));
        return;
    }
    switch (u) {
    case u'"':
        out.append("\\\"", 2);
        return;
    case u'\\':
        out.append("\\\\", 2);
        return;
    case 0x8:
        out.append("\\b", 2);
        return;
    case 0xc:
        out.append("\\f", 2);
        return;
    case 0xa:
        out.append("\\n", 2);
        return;
    case 0xd:
        out.append("\\r", 2);
        return;
    case 0x9:
        out.append("\\t", 2);
        return;
    default:
        appendEscapedUnit(out, u);
    }
}

} // namespace

void appendJsonString(std::string &out, QStringView text)
{
    out.push_back('"');
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
    while (src != end) {
        const char16_t u = *src++;
        if (u < 0x80) {
            appendAscii(out, u);
        } else if (u < 0x800) {
            out.push_back(char(0xc0 | (u >> 6)));
            out.push_back(char(0x80 | (u & 0x3f)));
        } else if (!QChar::isSurrogate(u)) {
            out.push_back(char(0xe0 | (u >> 12)));
            out.push_back(char(0x80 | ((u >> 6) & 0x3f)));
            out.push_back(char(0x80 | (u & 0x3f)));
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t c = QChar::surrogateToUcs4(u, *src++);
            out.push_back(char(0xf0 | (c >> 18)));
            out.push_back(char(0x80 | ((c >> 12) & 0x3f)));
            out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(char(0x80 | (c & 0x3f)));
        } else {
            // Qt cannot encode an unpaired surrogate as UTF-8 and escapes the unit instead.
            appendEscapedUnit(out, u);
        }
    }
    out.push_back('"');
}

void appendJsonUtf8(std::string &out, const char *text, size_t size)
{
    out.push_back('"');
    // Copies runs of bytes that need no escaping in one go; only ASCII is ever escaped.
    size_t run = 0;
    for (size_t i = 0; i < size; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text + run, i - run);
        appendAscii(out, c);
        run = i + 1;
    }
    out.append(text + run, size - run);
    out.push_back('"');
}

void appendJsonInteger(std::string &out, qint64 value)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

void appendJsonDouble(std::string &out, double value)
{
    // QJsonValue(double) decides whether the number is stored (and so written) as an integer;
    // asking it keeps that rule Qt's own.
    appendJsonValue(out, QJsonValue(value));
}

void appendJsonValue(std::string &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        if (value.toBool())
            out.append("true", 4);
        else
            out.append("false", 5);
        return;
    case QJsonValue::Double: {
        const QVariant stored = value.toVariant();
        const double d = value.toDouble();
        if (stored.typeId() == QMetaType::LongLong) {
            appendJsonInteger(out, stored.toLongLong());
        } else if (std::isfinite(d)) {
            const QByteArray text = QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
            out.append(text.constData(), size_t(text.size()));
        } else {
            out.append("null", 4); // as Qt writes +-inf and NaN (RFC 4627 has no spelling)
        }
        return;
    }
    case QJsonValue::String:
        appendJsonString(out, value.toString());
        return;
    case QJsonValue::Array:
    case QJsonValue::Object: {
        // Nested values are rare (Json columns); Qt's writer is the definition of their text.
        const QByteArray text =
            value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
        out.append(text.constData(), size_t(text.size()));
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    out.append("null", 4);
}

void appendColumnValue(std::string &out, const QVariant &value, ColumnType type)
{
    if (value.isNull()) {
        out.append("null", 4);
        return;
    }
    // The common shapes, written directly; each gives what toJson() would (see there). Any
    // other combination (text in an integer column, a double in a boolean one, …) goes
    // through toJson() itself.
    const int id = value.typeId();
    const bool integral =
        id == QMetaType::LongLong || id == QMetaType::Int || id == QMetaType::UInt;
    switch (type) {
    case ColumnType::Integer:
    case ColumnType::DateTime:
    case ColumnType::Other:
        if (integral) {
            appendJsonInteger(out, value.toLongLong());
            return;
        }
        if (id == QMetaType::QString && type != ColumnType::Integer) {
            appendJsonString(out, *static_cast<const QString *>(value.constData()));
            return;
        }
        break;
    case ColumnType::Text:
        if (id == QMetaType::QString) {
            appendJsonString(out, *static_cast<const QString *>(value.constData()));
            return;
        }
        break;
    case ColumnType::Boolean:
        if (integral || id == QMetaType::Bool) {
            if (value.toBool())
                out.append("true", 4);
            else
                out.append("false", 5);
            return;
        }
        break;
    case ColumnType::Real:
        if (id == QMetaType::Double) {
            appendJsonDouble(out, value.toDouble());
            return;
        }
        break;
    case ColumnType::Blob:
    case ColumnType::Json:
        break;
    }
    appendJsonValue(out, toJson(value, type));
}

RowShape::RowShape(const QList<const Column *> &columns)
{
    std::vector<int> order(size_t(columns.size()));
    for (int i = 0; i < columns.size(); ++i)
        order[size_t(i)] = i;
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return columns[a]->name < columns[b]->name; });
    m_fields.reserve(order.size());
    for (int i : order) {
        Field f;
        f.index = i;
        f.type = columns[i]->type;
        f.prefix.assign(1, m_fields.empty() ? '{' : ',');
        appendJsonString(f.prefix, columns[i]->name);
        f.prefix.push_back(':');
        m_fields.push_back(std::move(f));
    }
}

void RowShape::appendRow(std::string &out, const QSqlQuery &query) const
{
    if (m_fields.empty()) {
        out.append("{}", 2);
        return;
    }
    for (const Field &f : m_fields) {
        out.append(f.prefix);
        appendColumnValue(out, query.value(f.index), f.type);
    }
    out.push_back('}');
}

} // namespace bb::store::internal
