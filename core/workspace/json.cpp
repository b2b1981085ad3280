#include "workspace/json_p.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace bb::workspace::detail {

bb::Result<QJsonObject> parseJsonObject(const QByteArray &bytes, const QString &what)
{
    const int bom = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.mid(bom), &err);
    if (err.error != QJsonParseError::NoError) {
        // Qt may report one past the end for a truncated document; positions stay inside it.
        const int pos = int(std::min<qsizetype>(err.offset + bom, bytes.size()));
        return bb::Error::invalid(QStringLiteral("%1 is not valid JSON at byte %2: %3")
                                      .arg(what)
                                      .arg(pos)
                                      .arg(err.errorString()),
                                  pos);
    }
    if (!doc.isObject())
        return bb::Error::invalid(QStringLiteral("%1 must be a JSON object").arg(what), bom);
    return doc.object();
}

} // namespace bb::workspace::detail
