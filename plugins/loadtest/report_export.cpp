#include "report_export.h"

#include "loadtest/report_csv.h"
#include "loadtest/report_html.h"
#include "loadtest/report_json.h"
#include "loadtest/report_k6.h"
#include "loadtest/report_text.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace bb::plugins::loadtest {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("bb::plugins::loadtest", text);
}
} // namespace

QByteArray renderReport(ReportFormat format, const RunRecord &record)
{
    static const bb::loadtest::Summary empty;
    const bb::loadtest::Summary &s = record.summary ? *record.summary : empty;
    std::string out;
    switch (format) {
    case ReportFormat::Json:
        out = bb::loadtest::summaryJson(record.scenario, s, record.samples);
        break;
    case ReportFormat::Csv:
        out = bb::loadtest::timeSeriesCsv(record.samples);
        break;
    case ReportFormat::Html:
        out = bb::loadtest::htmlReport(record.scenario, s, record.samples, {},
                                       record.startedAt.toLocalTime()
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"))
                                           .toStdString());
        break;
    case ReportFormat::K6:
        out = bb::loadtest::k6Script(record.scenario);
        break;
    case ReportFormat::Text:
        out = bb::loadtest::textSummary(record.scenario, s);
        break;
    }
    return QByteArray::fromStdString(out);
}

QString defaultFileName(ReportFormat format, const RunRecord &record)
{
    const QString stem = QStringLiteral("loadtest-") + record.id.left(15);
    switch (format) {
    case ReportFormat::Json:
        return stem + QStringLiteral("-summary.json");
    case ReportFormat::Csv:
        return stem + QStringLiteral("-series.csv");
    case ReportFormat::Html:
        return stem + QStringLiteral(".html");
    case ReportFormat::K6:
        return stem + QStringLiteral("-k6.js");
    case ReportFormat::Text:
        return stem + QStringLiteral(".txt");
    }
    return stem;
}

QString fileFilter(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Json:
        return tr("JSON summary (*.json)");
    case ReportFormat::Csv:
        return tr("CSV time series (*.csv)");
    case ReportFormat::Html:
        return tr("HTML report (*.html)");
    case ReportFormat::K6:
        return tr("k6 script (*.js)");
    case ReportFormat::Text:
        return tr("Text summary (*.txt)");
    }
    return {};
}

bool writeReport(ReportFormat format, const RunRecord &record, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = renderReport(format, record);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace bb::plugins::loadtest
