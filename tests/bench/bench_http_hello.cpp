// Benchmark (DESIGN §5): GET /healthz on bb::http::Server versus nginx `return 200`, each
// pinned to one core with wrk on another, run side by side and reported as a ratio.
// Usage: bench_http_hello [--seconds N] [--connections C] [--server-cpu A] [--client-cpu B]
//        bench_http_hello --serve PORT   (just serve, for manual runs)
#include "http/server.h"

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

// Throughput and the CPU seconds the server spent for it: on a loaded machine req/s swings
// with the neighbours, while requests per CPU-second stays comparable.
struct Result {
    double rps = 0;
    double cpuSeconds = 0;
    double perCpuSecond() const { return cpuSeconds > 0 ? rps * 1.0 / cpuSeconds : 0; }
};

double processCpuSeconds(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) // fields 3..13
        fields >> skip;
    double utime = 0, stime = 0;
    fields >> utime >> stime;
    return (utime + stime) / double(sysconf(_SC_CLK_TCK));
}

double selfCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Options {
    int seconds = 5;
    int connections = 50;
    int serverCpu = 0;
    int clientCpu = 1;
    int servePort = -1;
};

void pinTo(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

std::uint16_t freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool waitListening(std::uint16_t port)
{
    for (int i = 0; i < 200; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        ::close(fd);
        if (ok)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(25)); // polling a child's startup
    }
    return false;
}

// fork + exec pinned to `cpu`; stdout goes to `outFile` when given.
pid_t spawn(const std::vector<std::string> &argv, int cpu, const std::string &outFile = {})
{
    const pid_t pid = ::fork();
    if (pid != 0)
        return pid;
    pinTo(cpu);
    if (!outFile.empty()) {
        std::FILE *f = std::fopen(outFile.c_str(), "w");
        if (f)
            ::dup2(fileno(f), STDOUT_FILENO);
    }
    std::vector<char *> args;
    for (const auto &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::_Exit(127);
}

double runWrk(const Options &o, std::uint16_t port, const std::string &dir)
{
    const std::string out = dir + "/wrk.out";
    const pid_t pid = spawn({"wrk", "-t1", "-c" + std::to_string(o.connections),
                             "-d" + std::to_string(o.seconds) + "s",
                             "http://127.0.0.1:" + std::to_string(port) + "/healthz"},
                            o.clientCpu, out);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::ifstream in(out);
    std::string line;
    double rps = 0;
    while (std::getline(in, line)) {
        std::cout << "    " << line << "\n";
        if (line.rfind("Requests/sec:", 0) == 0)
            rps = std::atof(line.c_str() + 13);
    }
    return rps;
}

Result benchNginx(const Options &o, const std::string &dir)
{
    const std::uint16_t port = freePort();
    const std::string conf = dir + "/nginx.conf";
    std::ofstream(conf) << "worker_processes 1;\ndaemon off;\nmaster_process off;\n"
                        << "pid " << dir << "/nginx.pid;\nerror_log " << dir << "/error.log;\n"
                        << "events { worker_connections 4096; }\n"
                        << "http {\n  access_log off;\n"
                        << "  client_body_temp_path " << dir << ";\n"
                        << "  server {\n    listen 127.0.0.1:" << port << ";\n"
                        << "    location / { default_type application/json; "
                        << "return 200 '{\"status\":\"ok\"}'; }\n  }\n}\n";
    const pid_t nginx = spawn({"nginx", "-p", dir, "-c", conf}, o.serverCpu);
    Result r;
    if (waitListening(port)) {
        std::cout << "nginx return 200 on cpu " << o.serverCpu << ":\n";
        const double cpu0 = processCpuSeconds(nginx);
        r.rps = runWrk(o, port, dir);
        r.cpuSeconds = (processCpuSeconds(nginx) - cpu0) / o.seconds;
    } else {
        std::cerr << "nginx did not start; see " << dir << "/error.log\n";
    }
    ::kill(nginx, SIGTERM);
    ::waitpid(nginx, nullptr, 0);
    return r;
}

bb::http::Response healthz(bb::http::Request &req)
{
    bb::http::Response r;
    if (req.path() == "/healthz") {
        r.headers.add("Content-Type", "application/json");
        r.body = R"({"status":"ok"})";
    } else {
        r.status = 404;
    }
    return r;
}

Result benchServer(const Options &o, const std::string &dir)
{
    bb::http::ServerConfig config;
    config.port = 0;
    config.threads = 1;
    pinTo(o.serverCpu); // the I/O thread inherits this affinity
    bb::http::Server server(config, healthz);
    auto port = server.start();
    if (!port) {
        std::cerr << "server failed: " << port.error().message.toStdString() << "\n";
        return {};
    }
    std::cout << "bb::http::Server, 1 thread on cpu " << o.serverCpu << ":\n";
    Result r;
    const double cpu0 = selfCpuSeconds();
    r.rps = runWrk(o, *port, dir);
    r.cpuSeconds = (selfCpuSeconds() - cpu0) / o.seconds;
    server.stop();
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const int v = std::atoi(argv[i + 1]);
        if (a == "--seconds")
            o.seconds = v;
        else if (a == "--connections")
            o.connections = v;
        else if (a == "--server-cpu")
            o.serverCpu = v;
        else if (a == "--client-cpu")
            o.clientCpu = v;
        else if (a == "--serve")
            o.servePort = v;
    }
    if (o.servePort >= 0) {
        bb::http::ServerConfig config;
        config.port = static_cast<std::uint16_t>(o.servePort);
        config.threads = 1;
        bb::http::Server server(config, healthz);
        auto port = server.start();
        if (!port)
            return 1;
        std::cout << "serving on 127.0.0.1:" << *port << "; Ctrl-C stops\n";
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, nullptr);
        int sig = 0;
        sigwait(&set, &sig);
        return 0;
    }
    char dirTemplate[] = "/tmp/bench_http_hello.XXXXXX";
    const std::string dir = ::mkdtemp(dirTemplate);
    const Result nginx = benchNginx(o, dir);
    const Result ours = benchServer(o, dir);
    const double ratio = nginx.rps > 0 ? ours.rps / nginx.rps : 0.0;
    const double cpuRatio =
        nginx.perCpuSecond() > 0 ? ours.perCpuSecond() / nginx.perCpuSecond() : 0.0;
    std::printf("\nnginx: %.0f req/s (%.2f CPU)   bb::http: %.0f req/s (%.2f CPU)\n"
                "ratio: %.3f   per CPU-second: %.3f   (target >= 0.9)\n",
                nginx.rps, nginx.cpuSeconds, ours.rps, ours.cpuSeconds, ratio, cpuRatio);
    std::system(("rm -rf '" + dir + "'").c_str());
    return ratio >= 0.9 ? 0 : 1;
}
