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
        for (const char *col : {"min", "mean", "p50", "p90", "p95", "p99", "p99_9", "max"}) {
            out += ',';
            out += col;
            out += suffix;
            out += "_ms";
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
