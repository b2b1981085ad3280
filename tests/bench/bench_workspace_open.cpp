// Opening a big workspace: 3,000 requests in 30 folders, each with realistic headers, a JSON
// body and pre-request/test scripts, written once and opened several times. Prints the median
// and its ratio to Bruno's published figure for the same size (80 s for its YAML format, its best
// case; /work/shared/anchors/api-clients.md §3b, from Bruno's tests/benchmarks/mounting
// baselines), as one `BBWS key=value ...` line for tests/bench/run.sh and a readable summary.
#include "workspace/workspace_store.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace bb::workspace;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kFolders = 30;
constexpr int kPerFolder = 100;
constexpr int kRuns = 7;
constexpr double kBrunoYamlMs = 80'000; // 3,000 requests, YAML, Ubuntu and macOS p50

HttpRequest realisticRequest(int folder, int i)
{
    HttpRequest r;
    r.name = QStringLiteral("Update order %1 of customer %2").arg(i).arg(folder);
    r.method = i % 3 == 0 ? QStringLiteral("GET") : QStringLiteral("PUT");
    r.url = QStringLiteral("{{baseUrl}}/api/v1/customers/%1/orders/%2?expand=items&limit=50")
                .arg(folder)
                .arg(i);
    r.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true},
                 {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true},
                 {QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}"), true},
                 {QStringLiteral("X-Request-Id"), QStringLiteral("{{$guid}}"), true},
                 {QStringLiteral("X-Debug"), QStringLiteral("1"), false}};
    r.body.kind = Body::Kind::Raw;
    r.body.contentType = QStringLiteral("application/json");
    r.body.text = QStringLiteral("{\n  \"id\": %1,\n  \"status\": \"shipped\",\n  \"items\": [\n"
                                 "    {\"sku\": \"A-%2\", \"qty\": 2, \"price\": 19.99},\n"
                                 "    {\"sku\": \"B-%2\", \"qty\": 1, \"price\": 5.00}\n  ],\n"
                                 "  \"note\": \"leave at the door\"\n}")
                      .arg(i)
                      .arg(folder);
    r.preRequestScript = QStringLiteral("pm.variables.set('now', Date.now());\n"
                                        "console.log('sending', pm.info.requestName);\n");
    r.testScript = QStringLiteral("pm.test('status is 200', () => {\n"
                                  "  pm.response.to.have.status(200);\n});\n"
                                  "pm.test('has id', () => {\n"
                                  "  pm.expect(pm.response.json().id).to.eql(%1);\n});\n")
                       .arg(i);
    r.auth.kind = Auth::Kind::Bearer;
    r.auth.token = QStringLiteral("{{token}}");
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        std::fprintf(stderr, "bench_workspace_open: no temporary folder\n");
        return 1;
    }
    const QString dir = tmp.filePath(QStringLiteral("workspace"));
    {
        Collection c;
        c.name = QStringLiteral("Orders API");
        c.variables = {{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:8080"), true}};
        for (int f = 0; f < kFolders; ++f) {
            Folder folder;
            folder.name = QStringLiteral("Customer %1").arg(f);
            for (int i = 0; i < kPerFolder; ++i)
                folder.requests.append(realisticRequest(f, i));
            c.root.folders.append(folder);
        }
        auto store = WorkspaceStore::open(dir);
        if (!store || !(*store)->importCollection(c)) {
            std::fprintf(stderr, "bench_workspace_open: cannot write the workspace\n");
            return 1;
        }
    }

    std::vector<double> ms;
    for (int run = 0; run < kRuns; ++run) {
        const auto start = Clock::now();
        auto store = WorkspaceStore::open(dir);
        const double elapsed =
            std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        const qsizetype n =
            store ? (*store)->collection((*store)->root().children.value(0).id)->root.requestCount()
                  : 0;
        if (n != kFolders * kPerFolder) {
            std::fprintf(stderr, "bench_workspace_open: opened %lld requests, expected %d\n",
                         static_cast<long long>(n), kFolders * kPerFolder);
            return 1;
        }
        ms.push_back(elapsed);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    std::printf("BBWS open_3000_ms=%.1f min_ms=%.1f max_ms=%.1f bruno_yaml_ms=%.0f "
                "speedup_vs_bruno=%.0f\n",
                median, ms.front(), ms.back(), kBrunoYamlMs, kBrunoYamlMs / median);
    std::printf("Opening a workspace of %d requests: median %.1f ms over %d runs "
                "(min %.1f, max %.1f)\n",
                kFolders * kPerFolder, median, kRuns, ms.front(), ms.back());
    std::printf("Bruno, same size, YAML format (its best case): %.0f ms "
                "(/work/shared/anchors/api-clients.md 3b) -> %.0fx faster\n",
                kBrunoYamlMs, kBrunoYamlMs / median);
    return 0;
}
