#include "store/json_mapping_p.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace bb::store::internal {

namespace {

QString isoUtc(const QDateTime &dt)
{
    return dt.toUTC().toString(Qt::ISODateWithMs);
}

// QJsonDocument only parses objects and arrays; wrapping lets scalars through too.
std::optional<QJsonValue> parseJson(const QByteArray &text)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &err);
    if (err.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}

QJsonValue untyped(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
    case QMetaType::Float:
        return value.toDouble();
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::QDateTime:
        return isoUtc(value.toDateTime());
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    default:
        return value.toString();
    }
}

bool isIsoTimestamp(const QString &s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs).isValid() ||
           QDate::fromString(s, Qt::ISODate).isValid() ||
           QTime::fromString(s, Qt::ISODateWithMs).isValid();
}

} // namespace

QJsonValue toJson(const QVariant &value, ColumnType type)
{
    if (value.isNull())
        return QJsonValue::Null;
    // SQLite stores whatever it is given, so a typed column may still hold text.
    const bool text = value.typeId() == QMetaType::QString;
    switch (type) {
    case ColumnType::Integer: {
        bool ok = false;
        const qlonglong i = value.toLongLong(&ok);
        if (ok)
            return i;
        const double d = value.toDouble(&ok);
        return ok ? QJsonValue(d) : QJsonValue(value.toString());
    }
    case ColumnType::Real: {
        bool ok = false;
        const double d = value.toDouble(&ok);
        return ok ? QJsonValue(d) : QJsonValue(value.toString());
    }
    case ColumnType::Boolean:
        if (text) {
            const QString s = value.toString().toLower();
            if (s == QLatin1String("true") || s == QLatin1String("t") || s == QLatin1String("1"))
                return true;
            if (s == QLatin1String("false") || s == QLatin1String("f") || s == QLatin1String("0"))
                return false;
            return s;
        }
        return value.toBool();
    case ColumnType::Text:
        return value.toString();
    case ColumnType::DateTime:
        return untyped(value);
    case ColumnType::Blob:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case ColumnType::Json: {
        const QByteArray raw = text ? value.toString().toUtf8() : value.toByteArray();
        if (auto parsed = parseJson(raw))
            return *parsed;
        return value.toString();
    }
    case ColumnType::Other:
        return untyped(value);
    }
    return untyped(value);
}

BoundValue fromJson(const QJsonValue &value, const Column &column, Dialect dialect)
{
    if (value.isNull() || value.isUndefined())
        return {QVariant(), column.notNull ? QStringLiteral("is required") : QString()};
    const auto boolean = [dialect](bool b) {
        return dialect == Dialect::Sqlite ? QVariant(b ? 1 : 0) : QVariant(b);
    };
    switch (column.type) {
    case ColumnType::Integer: {
        if (!value.isDouble())
            return {{}, QStringLiteral("must be a number")};
        const QVariant v = value.toVariant();
        if (v.typeId() == QMetaType::LongLong)
            return {v, {}};
        const double d = value.toDouble();
        if (std::trunc(d) != d || std::fabs(d) > 9007199254740992.0)
            return {{}, QStringLiteral("must be an integer")};
        return {QVariant(qlonglong(d)), {}};
    }
    case ColumnType::Real:
        if (!value.isDouble())
            return {{}, QStringLiteral("must be a number")};
        return {value.toDouble(), {}};
    case ColumnType::Boolean:
        if (!value.isBool())
            return {{}, QStringLiteral("must be a boolean")};
        return {boolean(value.toBool()), {}};
    case ColumnType::Text:
        if (!value.isString())
            return {{}, QStringLiteral("must be a string")};
        return {value.toString(), {}};
    case ColumnType::DateTime:
        if (!value.isString())
            return {{}, QStringLiteral("must be a string")};
        if (!isIsoTimestamp(value.toString()))
            return {{}, QStringLiteral("must be an ISO-8601 date-time")};
        return {value.toString(), {}};
    case ColumnType::Blob: {
        if (!value.isString())
            return {{}, QStringLiteral("must be a string")};
        const auto decoded = QByteArray::fromBase64Encoding(
            value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return {{}, QStringLiteral("must be base64")};
        return {decoded.decoded, {}};
    }
    case ColumnType::Json: {
        const QJsonArray wrapper{value};
        QByteArray text = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
        text = text.mid(1, text.size() - 2);
        return {QString::fromUtf8(text), {}};
    }
    case ColumnType::Other:
        break;
    }
    if (value.isBool())
        return {boolean(value.toBool()), {}};
    if (value.isDouble())
        return {value.toVariant(), {}};
    if (value.isString())
        return {value.toString(), {}};
    const QJsonDocument doc =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return {QString::fromUtf8(doc.toJson(QJsonDocument::Compact)), {}};
}

std::optional<QVariant> keyFromString(const QString &id, const Column &column)
{
    switch (column.type) {
    case ColumnType::Integer: {
        bool ok = false;
        const qlonglong v = id.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        return QVariant(v);
    }
    case ColumnType::Real: {
        bool ok = false;
        const double v = id.toDouble(&ok);
        if (!ok)
            return std::nullopt;
        return QVariant(v);
    }
    case ColumnType::Boolean:
    case ColumnType::Blob:
    case ColumnType::Json:
        return std::nullopt;
    default:
        return QVariant(id);
    }
}

QString nowTimestamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace bb::store::internal
