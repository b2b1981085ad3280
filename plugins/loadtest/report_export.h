// bb::plugins::loadtest — writing a run's reports to disk (JSON summary, CSV time series, HTML
// report, k6 script, text summary), each through QSaveFile so a failed write leaves no
// half-written file behind.
#pragma once

#include "run_record.h"

#include <QByteArray>
#include <QString>

namespace bb::plugins::loadtest {

enum class ReportFormat { Json, Csv, Html, K6, Text };

/// The file's bytes for `record` in `format`.
QByteArray renderReport(ReportFormat format, const RunRecord &record);
/// "loadtest-20261121-061500.html" and the like.
QString defaultFileName(ReportFormat format, const RunRecord &record);
/// The file dialog's filter, e.g. "HTML report (*.html)".
QString fileFilter(ReportFormat format);
/// Writes atomically; false with `*error` naming the file and the reason.
bool writeReport(ReportFormat format, const RunRecord &record, const QString &path,
                 QString *error = nullptr);

} // namespace bb::plugins::loadtest
