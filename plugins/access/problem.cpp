#include "problem.h"

#include "common/http_status.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::plugins::access {

QString joinFieldErrors(const QHash<QString, QStringList> &fieldErrors)
{
    QStringList fields = fieldErrors.keys();
    fields.sort();
    QStringList parts;
    for (const QString &f : fields)
        parts << f + QStringLiteral(": ") + fieldErrors.value(f).join(QStringLiteral(", "));
    return parts.join(QStringLiteral("; "));
}

QString describeProblem(int status, const QByteArray &body,
                        QHash<QString, QStringList> *fieldErrors)
{
    QHash<QString, QStringList> errors;
    QString headline;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        headline = o.value(QLatin1String("detail")).toString();
        if (headline.isEmpty())
            headline = o.value(QLatin1String("title")).toString();
        const QJsonObject fields = o.value(QLatin1String("errors")).toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            QStringList messages;
            if (it.value().isArray()) {
                for (const QJsonValue &m : it.value().toArray())
                    messages << m.toString();
            } else {
                messages << it.value().toString();
            }
            errors.insert(it.key(), messages);
        }
    } else if (!body.isEmpty() && body.size() < 300 && !body.trimmed().startsWith('<')) {
        // A proxy or an older server may answer in plain text; short text is still useful.
        headline = QString::fromUtf8(body).trimmed();
    }
    if (headline.isEmpty()) {
        const QString phrase = httpReason(status);
        headline = phrase.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                                    : QStringLiteral("HTTP %1 %2").arg(status).arg(phrase);
    }
    if (fieldErrors)
        *fieldErrors = errors;
    if (errors.isEmpty())
        return headline;
    return headline + QStringLiteral(" (") + joinFieldErrors(errors) + QLatin1Char(')');
}

} // namespace bb::plugins::access
