#include "dbx/export_writers_p.h"
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <cmath>

namespace bb::dbx::internal {

namespace {

bool isBlob(const QVariant &v)
{
    return v.typeId() == QMetaType::QByteArray;
}

QString textOf(const QVariant &v)
{
    if (isBlob(v))
        return QString::fromLatin1(v.toByteArray().toBase64());
    if (v.typeId() == QMetaType::QDateTime)
        return v.toDateTime().toString(Qt::ISODateWithMs);
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

class CsvWriter : public RowWriter {
public:
    CsvWriter(char separator, bool header)
        : m_sep(separator)
        , m_header(header)
    {}
    QByteArray begin(const QStringList &columns) override
    {
        if (!m_header)
            return {};
        QStringList fields = columns;
        return line(QVariantList(fields.begin(), fields.end()));
    }
    QByteArray row(const QVariantList &values) override { return line(values); }
    QByteArray end() override { return {}; }

private:
    QByteArray line(const QVariantList &values) const
    {
        QByteArray out;
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i)
                out += m_sep;
            // NULL is an empty field; an empty string is "" so the two stay apart.
            if (values[i].isNull())
                continue;
            const QString text = textOf(values[i]);
            out += text.isEmpty() ? QByteArray("\"\"") : csvField(text, m_sep);
        }
        out += "\r\n"; // RFC 4180 line ends
        return out;
    }
    char m_sep;
    bool m_header;
};

class JsonWriter : public RowWriter {
public:
    QByteArray begin(const QStringList &columns) override
    {
        m_columns = columns;
        return "[";
    }
    QByteArray row(const QVariantList &values) override
    {
        QJsonObject o;
        for (qsizetype i = 0; i < values.size() && i < m_columns.size(); ++i)
            o.insert(m_columns[i], json(values[i]));
        QByteArray out = m_first ? "\n" : ",\n";
        m_first = false;
        return out + QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    QByteArray end() override { return m_first ? "]\n" : "\n]\n"; }

private:
    static QJsonValue json(const QVariant &v)
    {
        if (v.isNull())
            return QJsonValue::Null;
        switch (v.typeId()) {
        case QMetaType::Bool:
            return v.toBool();
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Short:
        case QMetaType::UShort:
            return v.toLongLong();
        case QMetaType::Double:
        case QMetaType::Float: {
            const double d = v.toDouble();
            return std::isfinite(d) ? QJsonValue(d) : QJsonValue(QJsonValue::Null);
        }
        default:
            return textOf(v);
        }
    }
    QStringList m_columns;
    bool m_first = true;
};

class SqlWriter : public RowWriter {
public:
    SqlWriter(store::Dialect dialect, QString table)
        : m_dialect(dialect)
        , m_table(std::move(table))
    {}
    QByteArray begin(const QStringList &columns) override
    {
        QStringList quoted;
        for (const QString &c : columns)
            quoted << identifier(c);
        m_prefix = QStringLiteral("INSERT INTO %1 (%2) VALUES (")
                       .arg(identifier(m_table), quoted.join(QLatin1String(", ")))
                       .toUtf8();
        return {};
    }
    QByteArray row(const QVariantList &values) override
    {
        QStringList literals;
        for (const QVariant &v : values)
            literals << sqlLiteral(v, m_dialect);
        return m_prefix + literals.join(QLatin1String(", ")).toUtf8() + ");\n";
    }
    QByteArray end() override { return {}; }

private:
    // MySQL's default mode reads "x" as a string, so its identifiers get backticks.
    QString identifier(const QString &name) const
    {
        const QChar q = m_dialect == store::Dialect::Mysql ? QLatin1Char('`') : QLatin1Char('"');
        QString n = name;
        n.replace(q, QString(2, q));
        return q + n + q;
    }
    store::Dialect m_dialect;
    QString m_table;
    QByteArray m_prefix;
};

} // namespace

QByteArray csvField(const QString &text, char separator)
{
    const bool quote = text.contains(QLatin1Char(separator)) || text.contains(QLatin1Char('"')) ||
                       text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!quote)
        return text.toUtf8();
    QString q = text;
    q.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return '"' + q.toUtf8() + '"';
}

QString sqlLiteral(const QVariant &v, store::Dialect dialect)
{
    if (v.isNull())
        return QStringLiteral("NULL");
    switch (v.typeId()) {
    case QMetaType::Bool:
        if (dialect == store::Dialect::Postgres)
            return v.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
        return v.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return v.toString();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = v.toDouble();
        if (!std::isfinite(d))
            return dialect == store::Dialect::Postgres
                       ? QStringLiteral("'%1'::double precision")
                             .arg(std::isnan(d) ? QStringLiteral("NaN")
                                  : d > 0       ? QStringLiteral("Infinity")
                                                : QStringLiteral("-Infinity"))
                       : QStringLiteral("NULL");
        return QString::number(d, 'g', 17);
    }
    case QMetaType::QByteArray: {
        const QString hex = QString::fromLatin1(v.toByteArray().toHex());
        if (dialect == store::Dialect::Postgres)
            return QStringLiteral("'\\x%1'::bytea").arg(hex);
        return QStringLiteral("X'%1'").arg(hex);
    }
    default:
        break;
    }
    QString text = textOf(v);
    text.replace(QLatin1Char('\''), QLatin1String("''"));
    // MySQL's default mode treats a backslash in a literal as an escape.
    if (dialect == store::Dialect::Mysql)
        text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

std::unique_ptr<RowWriter> makeRowWriter(const ExportOptions &options, store::Dialect dialect,
                                         const QString &insertTable)
{
    switch (options.format) {
    case ExportFormat::Csv:
        return std::make_unique<CsvWriter>(options.separator, options.header);
    case ExportFormat::Json:
        return std::make_unique<JsonWriter>();
    case ExportFormat::SqlInsert:
        return std::make_unique<SqlWriter>(dialect, insertTable);
    }
    return nullptr;
}

} // namespace bb::dbx::internal
