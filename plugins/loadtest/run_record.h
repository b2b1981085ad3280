// bb::plugins::loadtest — one finished run as the panel keeps it: the scenario, the summary and
// the time series, with a lossless JSON form (histograms as their non-empty buckets) so a run
// from last week can still be compared and exported.
#pragma once

#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <vector>

namespace bb::plugins::loadtest {

struct RunRecord {
    QString id;          ///< "20261121-061500-123", sortable, also the file name
    QDateTime startedAt; ///< UTC
    bb::loadtest::Scenario scenario;
    std::shared_ptr<const bb::loadtest::Summary> summary; ///< shared: a Summary is ~370 KB
    std::vector<bb::loadtest::Sample> samples;

    /// "GET http://…/api/v1/posts" (+ "and N more").
    QString targetText() const;
    /// "closed, 10 connections" / "open, 500 req/s" / "closed, stages".
    QString modelText() const;
    /// A name for menus: date, time and target.
    QString label() const;
};

/// The id for a run started at `when` (UTC, millisecond precision).
QString runId(const QDateTime &when);

/// The stored form: credential header values (and the data-row values they take) are masked,
/// so a history file never holds a token; scenarioFromJson gives them back masked.
QJsonObject scenarioToJson(const bb::loadtest::Scenario &scenario);
bb::loadtest::Scenario scenarioFromJson(const QJsonObject &object);
QJsonObject summaryToJson(const bb::loadtest::Summary &summary);
bb::loadtest::Summary summaryFromJson(const QJsonObject &object);
QJsonObject sampleToJson(const bb::loadtest::Sample &sample);
bb::loadtest::Sample sampleFromJson(const QJsonObject &object);

QJsonObject recordToJson(const RunRecord &record);
/// Empty id when the object is not a run record (the history skips such files).
RunRecord recordFromJson(const QJsonObject &object);

/// At most `limit` samples covering the same time: consecutive samples are merged (counts
/// summed, rates recomputed, percentiles the worst of the group) so nothing is hidden.
std::vector<bb::loadtest::Sample> downsample(const std::vector<bb::loadtest::Sample> &samples,
                                             std::size_t limit);

} // namespace bb::plugins::loadtest
