#include "telemetry/process_stats.h"

#include "telemetry/metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace bb::telemetry {

namespace {
double bootTimeSeconds()
{
    std::ifstream in("/proc/stat");
    std::string key;
    while (in >> key) {
        if (key == "btime") {
            double v = 0;
            in >> v;
            return v;
        }
        in.ignore(1 << 20, '\n');
    }
    return 0;
}
} // namespace

ProcessStats readProcessStats()
{
    ProcessStats s;
    std::ifstream in("/proc/self/stat");
    std::string line;
    if (std::getline(in, line)) {
        // Fields after the command name, which is in parentheses and may contain spaces.
        const auto close = line.rfind(')');
        if (close != std::string::npos) {
            std::istringstream rest(line.substr(close + 2));
            std::string field;
            std::vector<std::string> f;
            while (rest >> field)
                f.push_back(field);
            // f[0] is field 3 (state); utime=14, stime=15, starttime=22, vsize=23, rss=24.
            if (f.size() > 21) {
                const double ticks = double(sysconf(_SC_CLK_TCK));
                s.cpuSeconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;
                s.startTimeSeconds = bootTimeSeconds() + std::stod(f[19]) / ticks;
                s.virtualBytes = std::stod(f[20]);
                s.residentBytes = std::stod(f[21]) * double(sysconf(_SC_PAGESIZE));
            }
        }
    }
    if (DIR *dir = opendir("/proc/self/fd")) {
        int n = 0;
        while (dirent *e = readdir(dir))
            if (e->d_name[0] != '.')
                ++n;
        closedir(dir);
        s.openFds = n - 1; // the directory stream itself
    }
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0)
        s.maxFds = double(lim.rlim_cur);
    return s;
}

void appendProcessMetrics(std::string &out)
{
    const ProcessStats s = readProcessStats();
    auto gauge = [&out](const char *name, const char *help, const char *type, double v) {
        out += "# HELP ";
        out += name;
        out += ' ';
        out += help;
        out += "\n# TYPE ";
        out += name;
        out += ' ';
        out += type;
        out += '\n';
        out += name;
        out += ' ';
        appendPromNumber(out, v);
        out += '\n';
    };
    gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
          "counter", s.cpuSeconds);
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge",
          s.residentBytes);
    gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", s.virtualBytes);
    gauge("process_open_fds", "Number of open file descriptors.", "gauge", s.openFds);
    gauge("process_max_fds", "Maximum number of open file descriptors.", "gauge", s.maxFds);
    gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
          "gauge", s.startTimeSeconds);
}

} // namespace bb::telemetry
