#include "loadtest/worker_stats_p.h"

#include <algorithm>

namespace bb::loadtest {

const char *errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Connect:
        return "connect";
    case ErrorKind::Timeout:
        return "timeout";
    case ErrorKind::Reset:
        return "reset";
    case ErrorKind::Tls:
        return "tls";
    case ErrorKind::Parse:
        return "parse";
    case ErrorKind::Status:
        return "status";
    case ErrorKind::Check:
        return "check";
    case ErrorKind::Count:
        break;
    }
    return "other";
}

void WorkerStats::merge(const WorkerStats &o)
{
    requests += o.requests;
    errors += o.errors;
    bytesIn += o.bytesIn;
    bytesOut += o.bytesOut;
    missedSends += o.missedSends;
    connects += o.connects;
    for (std::size_t i = 0; i < statusCounts.size(); ++i)
        statusCounts[i] += o.statusCounts[i];
    for (std::size_t i = 0; i < errorsByKind.size(); ++i)
        errorsByKind[i] += o.errorsByKind[i];
    checkPasses.resize(std::max(checkPasses.size(), o.checkPasses.size()));
    checkFails.resize(std::max(checkFails.size(), o.checkFails.size()));
    for (std::size_t i = 0; i < o.checkPasses.size(); ++i)
        checkPasses[i] += o.checkPasses[i];
    for (std::size_t i = 0; i < o.checkFails.size(); ++i)
        checkFails[i] += o.checkFails[i];
    corrected.merge(o.corrected);
    uncorrected.merge(o.uncorrected);
}

void WorkerStats::reset()
{
    requests = errors = bytesIn = bytesOut = missedSends = connects = 0;
    statusCounts.fill(0);
    errorsByKind.fill(0);
    std::fill(checkPasses.begin(), checkPasses.end(), 0);
    std::fill(checkFails.begin(), checkFails.end(), 0);
    corrected.reset();
    uncorrected.reset();
}

} // namespace bb::loadtest
