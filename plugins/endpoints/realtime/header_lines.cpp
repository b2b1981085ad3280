#include "header_lines.h"

namespace bb::endpoints {

Result<client::HeaderList> parseHeaderLines(const QString &text)
{
    client::HeaderList out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    int position = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        const int lineStart = position;
        position += int(lines[i].size()) + 1;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = colon < 0 ? QString() : line.left(colon).trimmed();
        if (name.isEmpty() || name.contains(QLatin1Char(' ')))
            return Error::invalid(
                QStringLiteral("header line %1 is not \"Name: value\": %2").arg(i + 1).arg(line),
                lineStart);
        out.append({name.toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return out;
}

} // namespace bb::endpoints
