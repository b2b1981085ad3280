#include "global_variables.h"

#include <QDir>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace bb::plugins::endpoints {

QString globalsPath(const QString &localStateDir)
{
    return QDir(localStateDir).filePath(QStringLiteral("globals.json"));
}

Result<QList<workspace::KeyValue>> loadGlobals(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QList<workspace::KeyValue>{};
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("%1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("%1, offset %2: %3")
                                  .arg(path)
                                  .arg(parseError.offset)
                                  .arg(parseError.errorString()),
                              parseError.offset);
    if (!doc.isArray())
        return Error::invalid(QStringLiteral("%1: expected an array of variables").arg(path));
    QList<workspace::KeyValue> out;
    const QJsonArray items = doc.array();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject o = items.at(i).toObject();
        if (!o.value(QLatin1String("name")).isString())
            return Error::invalid(QStringLiteral("%1: variable %2 has no name").arg(path).arg(i));
        out.append({o.value(QLatin1String("name")).toString(),
                    o.value(QLatin1String("value")).toString(),
                    o.value(QLatin1String("enabled")).toBool(true)});
    }
    return out;
}

Result<void> saveGlobals(const QString &path, const QList<workspace::KeyValue> &globals)
{
    QJsonArray items;
    for (const workspace::KeyValue &kv : globals)
        items.append(QJsonObject{{QStringLiteral("name"), kv.name},
                                 {QStringLiteral("value"), kv.value},
                                 {QStringLiteral("enabled"), kv.enabled}});
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("%1: %2").arg(path, file.errorString()));
    file.write(QJsonDocument(items).toJson());
    if (!file.commit())
        return Error::io(QStringLiteral("%1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace bb::plugins::endpoints
