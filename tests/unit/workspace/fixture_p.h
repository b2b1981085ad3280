// Reads the shared real-world fixtures (../shared/fixtures) the workspace tests assert against.
#pragma once

#include <QFile>
#include <QString>
#include <QStringList>

namespace bb::workspace::test {

inline QByteArray readFixture(const QString &relative)
{
    QFile f(QStringLiteral(BB_FIXTURES_DIR "/") + relative);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

/// The commands of curl/curl_commands.txt: entries are separated by one blank line and start
/// with a `# source:` line, which is dropped.
inline QStringList curlFixtureCommands()
{
    QStringList out;
    const QString text = QString::fromUtf8(readFixture(QStringLiteral("curl/curl_commands.txt")));
    for (const QString &entry : text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts)) {
        const qsizetype nl = entry.indexOf(u'\n');
        out.append(entry.mid(nl + 1).trimmed());
    }
    return out;
}

} // namespace bb::workspace::test
