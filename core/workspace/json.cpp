#include "workspace/json_p.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace bb::workspace::detail {

bb::Result<QJsonObject> parseJsonObject(const QByteArray &bytes, const QString &what)
{
    const int bom = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.mid(bom), &err);
    if (err.error != QJsonParseError::NoError)
        return bb::Error::invalid(QStringLiteral("%1 is not valid JSON at byte %2: %3")
                                      .arg(what)
                                      .arg(err.offset + bom)
                                      .arg(err.errorString()),
                                  err.offset + bom);
    if (!doc.isObject())
        return bb::Error::invalid(QStringLiteral("%1 must be a JSON object").arg(what), bom);
    return doc.object();
}

} // namespace bb::workspace::detail
