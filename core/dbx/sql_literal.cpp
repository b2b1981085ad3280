#include "dbx/sql_literal.h"
#include <QDateTime>
#include <QLocale>
#include <cmath>

namespace bb::dbx {

QString sqlLiteral(const QVariant &value, store::Dialect dialect)
{
    const bool sqlite = dialect == store::Dialect::Sqlite;
    if (value.isNull())
        return QStringLiteral("NULL");
    const auto quoted = [](QString text) {
        return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QLatin1String("''")) +
               QLatin1Char('\'');
    };
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? (sqlite ? QStringLiteral("1") : QStringLiteral("TRUE"))
                              : (sqlite ? QStringLiteral("0") : QStringLiteral("FALSE"));
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return value.toString();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (!std::isfinite(d))
            return quoted(QString::number(d)); // 'inf', 'nan': PostgreSQL reads them as text
        return QString::number(d, 'g', QLocale::FloatingPointShortest); // reads back exactly
    }
    case QMetaType::QByteArray: {
        const QString hex = QString::fromLatin1(value.toByteArray().toHex());
        return dialect == store::Dialect::Postgres ? QStringLiteral("'\\x%1'").arg(hex)
                                                   : QStringLiteral("X'%1'").arg(hex);
    }
    case QMetaType::QDateTime:
        return quoted(value.toDateTime().toString(Qt::ISODateWithMs));
    default:
        return quoted(value.toString());
    }
}

QString inlineParameters(const Statement &statement, store::Dialect dialect)
{
    QString out;
    const QString &sql = statement.sql;
    out.reserve(sql.size() + 16 * statement.params.size());
    int param = 0;
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar(); // a doubled quote closes and reopens: same text either way
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            out += c;
        } else if (c == QLatin1Char('?') && param < statement.params.size()) {
            out += sqlLiteral(statement.params.at(param++), dialect);
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace bb::dbx
