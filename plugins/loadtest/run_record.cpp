#include "run_record.h"

#include "loadtest/secrets.h"

#include <QJsonArray>

#include <algorithm>

namespace bb::plugins::loadtest {

using namespace bb::loadtest;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string ss(const QJsonValue &v)
{
    return v.toString().toStdString();
}

std::uint64_t u64(const QJsonValue &v)
{
    const double d = v.toDouble();
    return d > 0 ? std::uint64_t(d) : 0;
}

QJsonArray statsToJson(const LatencyStats &s)
{
    return {s.minMs, s.meanMs, s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.p999Ms, s.maxMs};
}

LatencyStats statsFromJson(const QJsonValue &v)
{
    const QJsonArray a = v.toArray();
    LatencyStats s;
    double *fields[] = {&s.minMs, &s.meanMs, &s.p50Ms,  &s.p90Ms,
                        &s.p95Ms, &s.p99Ms,  &s.p999Ms, &s.maxMs};
    for (qsizetype i = 0; i < a.size() && i < 8; ++i)
        *fields[i] = a.at(i).toDouble();
    return s;
}

// Buckets as [lowUs, count] pairs, plus the exact min and max: recording each count at its
// bucket's low value puts it back in the same bucket, and the extremes recorded as themselves
// keep min(), max() and the percentiles capped by max() exact.
QJsonObject histogramToJson(const Histogram &h)
{
    QJsonArray buckets;
    h.forEachBucket([&](std::int64_t low, std::int64_t, std::uint64_t count) {
        buckets.append(QJsonArray{double(low), double(count)});
    });
    return QJsonObject{{"min", double(h.min())}, {"max", double(h.max())}, {"buckets", buckets}};
}

void histogramFromJson(const QJsonValue &v, Histogram &h)
{
    h.reset();
    const QJsonObject o = v.toObject();
    const auto min = std::int64_t(o.value("min").toDouble());
    const auto max = std::int64_t(o.value("max").toDouble());
    for (const QJsonValue &b : o.value("buckets").toArray()) {
        const QJsonArray pair = b.toArray();
        if (pair.size() != 2)
            continue;
        const auto low = std::int64_t(pair.at(0).toDouble());
        const std::int64_t high = hdr::highestAtIndex(hdr::indexOf(low));
        std::uint64_t count = u64(pair.at(1));
        if (count > 0 && min >= low && min <= high) {
            h.record(min);
            --count;
        }
        if (count > 0 && max >= low && max <= high) {
            h.record(max);
            --count;
        }
        if (count > 0)
            h.recordCount(low, count);
    }
}

const char *kindName(Check::Kind k)
{
    switch (k) {
    case Check::Kind::Status:
        return "status";
    case Check::Kind::Header:
        return "header";
    case Check::Kind::BodyContains:
        return "body";
    case Check::Kind::JsonPath:
        return "json";
    }
    return "status";
}

Check::Kind kindFrom(const QString &s)
{
    if (s == QLatin1String("header"))
        return Check::Kind::Header;
    if (s == QLatin1String("body"))
        return Check::Kind::BodyContains;
    if (s == QLatin1String("json"))
        return Check::Kind::JsonPath;
    return Check::Kind::Status;
}

} // namespace

QString runId(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
}

QString RunRecord::targetText() const
{
    if (scenario.requests.empty())
        return QStringLiteral("(no request)");
    QString text = qs(scenario.requests.front().method + " " + scenario.requests.front().url);
    if (scenario.requests.size() > 1)
        text += QStringLiteral(" (+%1 more)").arg(scenario.requests.size() - 1);
    return text;
}

QString RunRecord::modelText() const
{
    if (!scenario.stages.empty())
        return scenario.model == Model::Open ? QStringLiteral("open, stages")
                                             : QStringLiteral("closed, stages");
    if (scenario.model == Model::Open)
        return QStringLiteral("open, %1 req/s").arg(scenario.rate);
    return QStringLiteral("closed, %1 connections").arg(scenario.connections);
}

QString RunRecord::label() const
{
    return startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" — ") + targetText();
}

QJsonObject scenarioToJson(const Scenario &scenario)
{
    // What goes to disk never holds a credential: see secrets.h.
    const Scenario sc = withMaskedCredentials(scenario);
    QJsonArray requests;
    for (const RequestSpec &r : sc.requests) {
        QJsonArray headers;
        for (const auto &[name, value] : r.headers)
            headers.append(QJsonArray{qs(name), qs(value)});
        requests.append(QJsonObject{{"name", qs(r.name)},
                                    {"method", qs(r.method)},
                                    {"url", qs(r.url)},
                                    {"headers", headers},
                                    {"body", qs(r.body)},
                                    {"weight", r.weight}});
    }
    QJsonArray stages;
    for (const Stage &s : sc.stages)
        stages.append(QJsonArray{s.seconds, s.target});
    QJsonArray checks;
    for (const Check &c : sc.checks)
        checks.append(QJsonObject{{"kind", kindName(c.kind)},
                                  {"name", qs(c.name)},
                                  {"target", qs(c.target)},
                                  {"expected", qs(c.expected)}});
    QJsonArray thresholds;
    for (const Threshold &t : sc.thresholds)
        thresholds.append(qs(t.text));
    QJsonArray rows;
    for (const auto &row : sc.dataRows) {
        QJsonObject o;
        for (const auto &[k, v] : row)
            o.insert(qs(k), qs(v));
        rows.append(o);
    }
    return QJsonObject{{"requests", requests},
                       {"weighted", sc.weighted},
                       {"model", sc.model == Model::Open ? "open" : "closed"},
                       {"connections", sc.connections},
                       {"thinkTimeMs", sc.thinkTimeMs},
                       {"rate", sc.rate},
                       {"stages", stages},
                       {"durationSeconds", sc.durationSeconds},
                       {"maxRequests", double(sc.maxRequests)},
                       {"threads", sc.threads},
                       {"pipeline", sc.pipeline},
                       {"timeoutSeconds", sc.timeoutSeconds},
                       {"insecureTls", sc.insecureTls},
                       {"checks", checks},
                       {"thresholds", thresholds},
                       {"dataRows", rows}};
}

Scenario scenarioFromJson(const QJsonObject &o)
{
    Scenario sc;
    for (const QJsonValue &v : o.value("requests").toArray()) {
        const QJsonObject r = v.toObject();
        RequestSpec spec;
        spec.name = ss(r.value("name"));
        spec.method = ss(r.value("method"));
        spec.url = ss(r.value("url"));
        spec.body = ss(r.value("body"));
        spec.weight = r.value("weight").toDouble(1);
        for (const QJsonValue &h : r.value("headers").toArray()) {
            const QJsonArray pair = h.toArray();
            spec.headers.emplace_back(ss(pair.at(0)), ss(pair.at(1)));
        }
        sc.requests.push_back(std::move(spec));
    }
    sc.weighted = o.value("weighted").toBool();
    sc.model = o.value("model").toString() == QLatin1String("open") ? Model::Open : Model::Closed;
    sc.connections = o.value("connections").toInt(10);
    sc.thinkTimeMs = o.value("thinkTimeMs").toDouble();
    sc.rate = o.value("rate").toDouble();
    for (const QJsonValue &v : o.value("stages").toArray())
        sc.stages.push_back({v.toArray().at(0).toDouble(), v.toArray().at(1).toDouble()});
    sc.durationSeconds = o.value("durationSeconds").toDouble(10);
    sc.maxRequests = u64(o.value("maxRequests"));
    sc.threads = o.value("threads").toInt();
    sc.pipeline = o.value("pipeline").toInt(1);
    sc.timeoutSeconds = o.value("timeoutSeconds").toDouble(10);
    sc.insecureTls = o.value("insecureTls").toBool();
    for (const QJsonValue &v : o.value("checks").toArray()) {
        const QJsonObject c = v.toObject();
        sc.checks.push_back({kindFrom(c.value("kind").toString()), ss(c.value("name")),
                             ss(c.value("target")), ss(c.value("expected"))});
    }
    for (const QJsonValue &v : o.value("thresholds").toArray()) {
        auto parsed = Threshold::parse(v.toString().toStdString());
        if (auto *t = std::get_if<Threshold>(&parsed))
            sc.thresholds.push_back(*t);
    }
    for (const QJsonValue &v : o.value("dataRows").toArray()) {
        std::map<std::string, std::string> row;
        const QJsonObject r = v.toObject();
        for (auto it = r.begin(); it != r.end(); ++it)
            row[it.key().toStdString()] = ss(it.value());
        sc.dataRows.push_back(std::move(row));
    }
    return sc;
}

QJsonObject summaryToJson(const Summary &s)
{
    QJsonObject statuses;
    for (const auto &[code, count] : s.statusCounts)
        statuses.insert(QString::number(code), double(count));
    QJsonObject errors;
    for (const auto &[kind, count] : s.errorsByKind)
        errors.insert(qs(kind), double(count));
    QJsonArray checks;
    for (const CheckResult &c : s.checks)
        checks.append(QJsonArray{qs(c.name), double(c.passes), double(c.fails)});
    QJsonArray thresholds;
    for (const ThresholdResult &t : s.thresholds)
        thresholds.append(QJsonArray{qs(t.threshold.text), t.observed, t.passed});
    return QJsonObject{{"durationSeconds", s.durationSeconds},
                       {"requests", double(s.requests)},
                       {"errors", double(s.errors)},
                       {"bytesIn", double(s.bytesIn)},
                       {"bytesOut", double(s.bytesOut)},
                       {"missedSends", double(s.missedSends)},
                       {"rps", s.rps},
                       {"statusCounts", statuses},
                       {"errorsByKind", errors},
                       {"corrected", statsToJson(s.corrected)},
                       {"uncorrected", statsToJson(s.uncorrected)},
                       {"latency", histogramToJson(s.latency)},
                       {"uncorrectedLatency", histogramToJson(s.uncorrectedLatency)},
                       {"checks", checks},
                       {"thresholds", thresholds},
                       {"thresholdsPassed", s.thresholdsPassed},
                       {"aborted", s.aborted},
                       {"abortReason", qs(s.abortReason)},
                       {"openModel", s.openModel},
                       {"threads", s.threads},
                       {"connections", s.connections}};
}

Summary summaryFromJson(const QJsonObject &o)
{
    Summary s;
    s.durationSeconds = o.value("durationSeconds").toDouble();
    s.requests = u64(o.value("requests"));
    s.errors = u64(o.value("errors"));
    s.bytesIn = u64(o.value("bytesIn"));
    s.bytesOut = u64(o.value("bytesOut"));
    s.missedSends = u64(o.value("missedSends"));
    s.rps = o.value("rps").toDouble();
    const QJsonObject statuses = o.value("statusCounts").toObject();
    for (auto it = statuses.begin(); it != statuses.end(); ++it)
        s.statusCounts[it.key().toInt()] = u64(it.value());
    const QJsonObject errors = o.value("errorsByKind").toObject();
    for (auto it = errors.begin(); it != errors.end(); ++it)
        s.errorsByKind[it.key().toStdString()] = u64(it.value());
    s.corrected = statsFromJson(o.value("corrected"));
    s.uncorrected = statsFromJson(o.value("uncorrected"));
    histogramFromJson(o.value("latency"), s.latency);
    histogramFromJson(o.value("uncorrectedLatency"), s.uncorrectedLatency);
    for (const QJsonValue &v : o.value("checks").toArray()) {
        const QJsonArray c = v.toArray();
        s.checks.push_back({ss(c.at(0)), u64(c.at(1)), u64(c.at(2))});
    }
    for (const QJsonValue &v : o.value("thresholds").toArray()) {
        const QJsonArray t = v.toArray();
        auto parsed = Threshold::parse(t.at(0).toString().toStdString());
        if (auto *th = std::get_if<Threshold>(&parsed))
            s.thresholds.push_back({*th, t.at(1).toDouble(), t.at(2).toBool()});
    }
    s.thresholdsPassed = o.value("thresholdsPassed").toBool(true);
    s.aborted = o.value("aborted").toBool();
    s.abortReason = ss(o.value("abortReason"));
    s.openModel = o.value("openModel").toBool();
    s.threads = o.value("threads").toInt();
    s.connections = o.value("connections").toInt();
    return s;
}

QJsonObject sampleToJson(const Sample &s)
{
    return QJsonObject{{"t", s.tSeconds},
                       {"n", double(s.requests)},
                       {"e", double(s.errors)},
                       {"rps", s.rps},
                       {"c", statsToJson(s.corrected)},
                       {"u", statsToJson(s.uncorrected)},
                       {"conn", s.activeConnections},
                       {"in", double(s.bytesIn)},
                       {"out", double(s.bytesOut)},
                       {"target", s.targetRate},
                       {"missed", double(s.missedSends)}};
}

Sample sampleFromJson(const QJsonObject &o)
{
    Sample s;
    s.tSeconds = o.value("t").toDouble();
    s.requests = u64(o.value("n"));
    s.errors = u64(o.value("e"));
    s.rps = o.value("rps").toDouble();
    s.corrected = statsFromJson(o.value("c"));
    s.uncorrected = statsFromJson(o.value("u"));
    s.activeConnections = o.value("conn").toInt();
    s.bytesIn = u64(o.value("in"));
    s.bytesOut = u64(o.value("out"));
    s.targetRate = o.value("target").toDouble();
    s.missedSends = u64(o.value("missed"));
    return s;
}

QJsonObject recordToJson(const RunRecord &r)
{
    QJsonArray samples;
    for (const Sample &s : r.samples)
        samples.append(sampleToJson(s));
    return QJsonObject{{"format", "backbench-loadtest-run/1"},
                       {"id", r.id},
                       {"startedAt", r.startedAt.toUTC().toString(Qt::ISODateWithMs)},
                       {"scenario", scenarioToJson(r.scenario)},
                       {"summary", r.summary ? summaryToJson(*r.summary) : QJsonObject{}},
                       {"samples", samples}};
}

RunRecord recordFromJson(const QJsonObject &o)
{
    RunRecord r;
    if (o.value("format").toString() != QLatin1String("backbench-loadtest-run/1"))
        return r;
    r.startedAt = QDateTime::fromString(o.value("startedAt").toString(), Qt::ISODateWithMs);
    r.scenario = scenarioFromJson(o.value("scenario").toObject());
    r.summary = std::make_shared<const Summary>(summaryFromJson(o.value("summary").toObject()));
    for (const QJsonValue &v : o.value("samples").toArray())
        r.samples.push_back(sampleFromJson(v.toObject()));
    r.id = o.value("id").toString(); // last: an id marks a complete record
    return r;
}

std::vector<Sample> downsample(const std::vector<Sample> &samples, std::size_t limit)
{
    if (limit == 0 || samples.size() <= limit)
        return samples;
    const std::size_t group = (samples.size() + limit - 1) / limit;
    std::vector<Sample> out;
    out.reserve(limit);
    double previousT = 0;
    for (std::size_t i = 0; i < samples.size(); i += group) {
        const std::size_t end = std::min(samples.size(), i + group);
        Sample m = samples[end - 1]; // time, connections and target rate of the group's end
        m.requests = m.errors = m.bytesIn = m.bytesOut = m.missedSends = 0;
        double weighted = 0, weightedU = 0;
        m.corrected.minMs = m.uncorrected.minMs = 1e300;
        for (std::size_t j = i; j < end; ++j) {
            const Sample &s = samples[j];
            m.requests += s.requests;
            m.errors += s.errors;
            m.bytesIn += s.bytesIn;
            m.bytesOut += s.bytesOut;
            m.missedSends += s.missedSends;
            weighted += s.corrected.meanMs * double(s.requests);
            weightedU += s.uncorrected.meanMs * double(s.requests);
            for (auto [into, from] : {std::pair{&m.corrected, &s.corrected},
                                      std::pair{&m.uncorrected, &s.uncorrected}}) {
                into->minMs = std::min(into->minMs, from->minMs);
                into->p50Ms = std::max(into->p50Ms, from->p50Ms);
                into->p90Ms = std::max(into->p90Ms, from->p90Ms);
                into->p95Ms = std::max(into->p95Ms, from->p95Ms);
                into->p99Ms = std::max(into->p99Ms, from->p99Ms);
                into->p999Ms = std::max(into->p999Ms, from->p999Ms);
                into->maxMs = std::max(into->maxMs, from->maxMs);
            }
        }
        if (m.corrected.minMs > 1e299)
            m.corrected.minMs = 0;
        if (m.uncorrected.minMs > 1e299)
            m.uncorrected.minMs = 0;
        m.corrected.meanMs = m.requests ? weighted / double(m.requests) : 0;
        m.uncorrected.meanMs = m.requests ? weightedU / double(m.requests) : 0;
        const double dt = m.tSeconds - previousT;
        m.rps = dt > 0 ? double(m.requests) / dt : m.rps;
        previousT = m.tSeconds;
        out.push_back(m);
    }
    return out;
}

} // namespace bb::plugins::loadtest
