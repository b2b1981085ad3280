#include "loadtest/report_csv.h"

#include "loadtest/report_format.h"

namespace bb::loadtest {

namespace {

void appendStats(std::string &out, const LatencyStats &s)
{
    for (double v : {s.minMs, s.meanMs, s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.p999Ms, s.maxMs}) {
        out += ',';
        out += report::fixed(v, 3);
    }
}

} // namespace

std::string timeSeriesCsv(const std::vector<Sample> &samples)
{
    std::string out = "t_s,requests,errors,rps,target_rate,active_connections,bytes_in,bytes_out";
    for (const char *suffix : {"", "_uncorrected"}) {
        for (const char *col :
             {"min_ms", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p99_9_ms", "max_ms"}) {
            out += ',';
            out += col;
            out += suffix;
        }
    }
    out += "\r\n";
    for (const Sample &s : samples) {
        out += report::fixed(s.tSeconds, 3);
        out += ',' + std::to_string(s.requests);
        out += ',' + std::to_string(s.errors);
        out += ',' + report::fixed(s.rps, 2);
        out += ',' + report::fixed(s.targetRate, 2);
        out += ',' + std::to_string(s.activeConnections);
        out += ',' + std::to_string(s.bytesIn);
        out += ',' + std::to_string(s.bytesOut);
        appendStats(out, s.corrected);
        appendStats(out, s.uncorrected);
        out += "\r\n";
    }
    return out;
}

} // namespace bb::loadtest
