// Opening a big workspace: 3,000 requests in 30 folders, each with realistic headers, a JSON
// body and pre-request/test scripts, written once and opened several times. Prints the median
// and its ratio to Bruno's published figure for the same size (80 s for its YAML format, its best
// case; /work/shared/anchors/api-clients.md §3b, from Bruno's tests/benchmarks/mounting
// baselines), as one `BBWS key=value ...` line for tests/bench/run.sh and a readable summary.
// A second figure opens the same workspace in the real Endpoints panel (offscreen): from
// EndpointsWidget::openWorkspace until its tree model holds all 3,000 requests.
#include "endpoints_widget.h"
#include "shell/shell_context.h"
#include "workspace/workspace_store.h"
#include "workspace_tree_model.h"

#include <QApplication>
#include <QSettings>
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

/// The requests under `parent` in the panel's tree, counted through the model as a view would.
int requestsIn(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    int n = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex i = model.index(row, 0, parent);
        if (i.data(bb::plugins::endpoints::WorkspaceTreeModel::KindRole).toInt() ==
            int(WorkspaceNode::Kind::Request))
            ++n;
        else
            n += requestsIn(model, i);
    }
    return n;
}

/// One open of `dir` in the panel, in ms until the tree holds `expected` requests; -1 when it
/// did not within a minute (the tree may fill in after openWorkspace returns).
double panelOpenMs(bb::plugins::endpoints::EndpointsWidget &panel, const QString &dir, int expected)
{
    const auto start = Clock::now();
    if (!panel.openWorkspace(dir))
        return -1;
    const auto deadline = start + std::chrono::minutes(1);
    while (requestsIn(*panel.treeModel()) != expected) {
        if (Clock::now() > deadline)
            return -1;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        std::fprintf(stderr, "bench_workspace_open: no temporary folder\n");
        return 1;
    }
    // The panel remembers its workspace in QSettings: keep them in the temporary folder.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp.filePath("config"));
    QCoreApplication::setOrganizationName(QStringLiteral("BackbenchBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_workspace_open"));
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

    // The panel: each run switches from an empty workspace to the big one, so every open
    // rebuilds the tree from nothing.
    const QString emptyDir = tmp.filePath(QStringLiteral("empty"));
    bb::shell::ShellContext context(nullptr);
    bb::plugins::endpoints::EndpointsWidget panel(context, emptyDir);
    panel.resize(1280, 800);
    panel.show();
    std::vector<double> panelMs;
    for (int run = 0; run < kRuns; ++run) {
        if (!panel.openWorkspace(emptyDir)) {
            std::fprintf(stderr, "bench_workspace_open: the panel cannot open %s\n",
                         qPrintable(emptyDir));
            return 1;
        }
        QCoreApplication::processEvents();
        const double elapsed = panelOpenMs(panel, dir, kFolders * kPerFolder);
        if (elapsed < 0) {
            std::fprintf(stderr,
                         "bench_workspace_open: the panel's tree did not show %d "
                         "requests within a minute\n",
                         kFolders * kPerFolder);
            return 1;
        }
        panelMs.push_back(elapsed);
    }
    const double panelMedian = medianOf(panelMs);

    std::printf("BBWS open_3000_ms=%.1f min_ms=%.1f max_ms=%.1f bruno_yaml_ms=%.0f "
                "speedup_vs_bruno=%.0f panel_open_3000_ms=%.1f\n",
                median, ms.front(), ms.back(), kBrunoYamlMs, kBrunoYamlMs / median, panelMedian);
    std::printf("Opening a workspace of %d requests: median %.1f ms over %d runs "
                "(min %.1f, max %.1f)\n",
                kFolders * kPerFolder, median, kRuns, ms.front(), ms.back());
    std::printf("Bruno, same size, YAML format (its best case): %.0f ms "
                "(/work/shared/anchors/api-clients.md 3b) -> %.0fx faster\n",
                kBrunoYamlMs, kBrunoYamlMs / median);
    std::printf("The same workspace in the Endpoints panel, until its tree holds every request: "
                "median %.1f ms over %d runs\n",
                panelMedian, kRuns);
    return 0;
}
