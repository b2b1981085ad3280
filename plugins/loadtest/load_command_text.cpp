#include "load_command_text.h"

#include "loadtest/report_format.h"

#include <QStringList>

namespace bb::plugins::loadtest {

using bb::loadtest::Model;

namespace {
QString num(double v)
{
    return QString::fromStdString(bb::loadtest::report::number(v));
}
} // namespace

QString shellQuote(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString loadCommandLine(const bb::loadtest::Scenario &sc, const QString &dataFile)
{
    QStringList args{QStringLiteral("backbench"), QStringLiteral("load")};
    if (sc.requests.empty())
        return args.join(QLatin1Char(' '));
    const auto &r = sc.requests.front();
    args << shellQuote(QString::fromStdString(r.url));
    if (r.method != "GET")
        args << QStringLiteral("-m") << QString::fromStdString(r.method);
    for (const auto &[name, value] : r.headers)
        args << QStringLiteral("-H") << shellQuote(QString::fromStdString(name + ": " + value));
    if (!r.body.empty())
        args << QStringLiteral("-b") << shellQuote(QString::fromStdString(r.body));
    args << QStringLiteral("-c") << QString::number(sc.connections);
    if (!sc.stages.empty()) {
        QStringList stages;
        for (const auto &s : sc.stages)
            stages << num(s.seconds) + QStringLiteral("s:") + num(s.target);
        if (sc.model == Model::Open)
            args << QStringLiteral("--model") << QStringLiteral("open");
        args << QStringLiteral("--stages") << stages.join(QLatin1Char(','));
    } else {
        args << QStringLiteral("-d") << num(sc.durationSeconds) + QLatin1Char('s');
        if (sc.model == Model::Open)
            args << QStringLiteral("--rate") << num(sc.rate);
    }
    if (sc.model == Model::Closed && sc.maxRequests > 0)
        args << QStringLiteral("-n") << QString::number(sc.maxRequests);
    if (sc.model == Model::Closed && sc.thinkTimeMs > 0)
        args << QStringLiteral("--think") << num(sc.thinkTimeMs);
    if (sc.timeoutSeconds != 10)
        args << QStringLiteral("--timeout") << num(sc.timeoutSeconds);
    for (const auto &t : sc.thresholds)
        args << QStringLiteral("--threshold") << shellQuote(QString::fromStdString(t.text));
    for (const auto &c : sc.checks)
        args << QStringLiteral("--check") << shellQuote(QString::fromStdString(c.name));
    if (!dataFile.isEmpty())
        args << QStringLiteral("--data") << shellQuote(dataFile);
    return args.join(QLatin1Char(' '));
}

} // namespace bb::plugins::loadtest
