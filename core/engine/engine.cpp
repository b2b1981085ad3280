#include "engine/engine.h"

#include "common/clock.h"
#include "engine/auth/identity_service.h"
#include "engine/handlers.h"
#include "engine/pipeline.h"
#include "engine/services.h"
#include "http/server.h"
#include "store/demo_data.h"

#include <QDir>

#include <condition_variable>
#include <thread>

namespace bb::engine {

struct Engine::Impl {
    explicit Impl(EngineConfig cfg)
        : services(std::move(cfg))
    {}

    Services services;
    Router router;
    std::unique_ptr<Pipeline> pipeline;
    std::unique_ptr<http::Server> server;
    std::shared_ptr<telemetry::JsonLinesFile> logFile;
    std::uint16_t port = 0;

    // Flushes the log file about once a second without a timer on the I/O threads.
    std::thread flusher;
    std::mutex flushMutex;
    std::condition_variable flushWake;
    bool stopping = false;

    void log(telemetry::Level level, std::string msg,
             std::vector<std::pair<std::string, std::string>> fields = {})
    {
        telemetry::LogRecord r;
        r.level = level;
        r.msg = std::move(msg);
        r.fields = std::move(fields);
        services.logs.append(std::move(r));
    }
};

Engine::Engine(EngineConfig config)
    : d(std::make_unique<Impl>(std::move(config)))
{}

Engine::~Engine()
{
    stop();
}

Result<quint16> Engine::start()
{
    if (d->server && d->server->running())
        return quint16(d->port);
    Services &s = d->services;
    EngineConfig &cfg = s.config;
    if (cfg.dataDir.isEmpty())
        return Error::invalid(QStringLiteral("No data folder given: pass --data DIR."));
    if (!QDir().mkpath(cfg.dataDir))
        return Error::io(QStringLiteral("Cannot create the data folder %1.").arg(cfg.dataDir));

    const std::string logPath =
        QDir(cfg.dataDir).filePath(QStringLiteral("logs/engine.jsonl")).toStdString();
    // Seqs keep increasing across restarts, so a log stream resumed with Last-Event-ID after a
    // restart gets neither old seqs again nor a gap: the first seq is past the wall clock in µs
    // (a ring cannot fill faster than one record per µs for long) and past the last one in the
    // JSON-lines file (in case the clock went back).
    std::uint64_t seqFloor = std::uint64_t(std::max<std::int64_t>(0, wallClockUs()));
    if (const auto last = telemetry::JsonLinesFile::lastSeqIn(logPath))
        seqFloor = std::max(seqFloor, *last);
    s.logs.continueAfter(seqFloor);
    if (cfg.logToFile) {
        d->logFile = std::make_shared<telemetry::JsonLinesFile>(logPath, cfg.logFileMaxBytes,
                                                                cfg.logFileKeep);
        if (d->logFile->isOpen())
            s.logs.setFile(d->logFile);
    }

    auto db = store::Database::open(cfg.effectiveDbUrl());
    if (!db)
        return Error{db.error().code,
                     QStringLiteral("Cannot open the database: %1").arg(db.error().message)};
    s.db = *db;
    s.db->setQueryObserver(
        [&s](const QString &sql, std::int64_t startNs, std::int64_t durationNs, bool ok) {
            s.metrics.dbQuery.with({}).observe(double(durationNs) / 1e9);
            if (RequestContext *ctx = RequestContext::current())
                ctx->addSpan("sql", startNs, durationNs, sql.toStdString(), !ok);
        });
    if (auto m = s.db->migrate(store::Database::systemMigrations()); !m)
        return Error{m.error().code,
                     QStringLiteral("Migrating the database failed: %1").arg(m.error().message)};
    if (cfg.demo) {
        auto seeded = store::seedDemoData(*s.db);
        if (!seeded)
            return Error{
                seeded.error().code,
                QStringLiteral("Seeding the demo data failed: %1").arg(seeded.error().message)};
        if (*seeded)
            d->log(telemetry::Level::Info, "demo data seeded");
    }
    if (auto r = s.db->reloadSchema(); !r)
        return Error{r.error().code,
                     QStringLiteral("Reading the schema failed: %1").arg(r.error().message)};
    s.repo = std::make_unique<store::Repository>(*s.db);
    s.identity = std::make_unique<auth::IdentityService>(*s.db, s.config, s.logs);
    if (auto r = s.identity->start(cfg.dataDir); !r)
        return Error{r.error().code,
                     QStringLiteral("Starting identity failed: %1").arg(r.error().message)};

    d->router = Router();
    registerMetaRoutes(d->router, s);
    registerResourceRoutes(d->router, s);
    registerAdminRoutes(d->router, s);
    registerLogRoutes(d->router, s);
    registerAuthRoutes(d->router, s);
    registerAdminUserRoutes(d->router, s);
    registerAdminRoleRoutes(d->router, s);
    d->pipeline = std::make_unique<Pipeline>(s, d->router);

    http::ServerConfig sc;
    sc.bindAddress = cfg.bindAddress.toStdString();
    sc.port = cfg.port;
    sc.threads = cfg.threads;
    sc.limits = cfg.limits;
    sc.tlsCertFile = cfg.tlsCertFile.toStdString();
    sc.tlsKeyFile = cfg.tlsKeyFile.toStdString();
    Pipeline *pipeline = d->pipeline.get();
    d->server = std::make_unique<http::Server>(
        sc, [pipeline](http::Request &req) { return pipeline->handle(req); });
    d->server->setRejectObserver(
        [&s](int status, std::string_view reason, const std::string &remote) {
            s.metrics.rejected.inc();
            telemetry::LogRecord r;
            r.level = telemetry::Level::Warn;
            r.msg = "request rejected: " + std::string(reason);
            r.status = status;
            r.ip = remote;
            s.logs.append(std::move(r));
        });
    auto port = d->server->start();
    if (!port) {
        d->server.reset();
        return Error{port.error().code, port.error().message};
    }
    d->port = *port;
    cfg.port = *port; // so the OpenAPI servers entry names the real port
    s.server = d->server.get();
    s.startedNs = monotonicNs();
    {
        std::lock_guard lock(d->flushMutex);
        d->stopping = false;
    }
    d->flusher = std::thread([impl = d.get()] {
        std::unique_lock lock(impl->flushMutex);
        while (!impl->flushWake.wait_for(lock, std::chrono::seconds(1),
                                         [impl] { return impl->stopping; }))
            if (impl->logFile)
                impl->logFile->flush();
    });
    d->log(telemetry::Level::Info, "engine listening",
           {{"address", baseUrl().toStdString()}, {"database", s.db->displayUrl().toStdString()}});
    return quint16(d->port);
}

void Engine::stop()
{
    if (!d->server)
        return;
    d->server->stop();
    d->log(telemetry::Level::Info, "engine stopped");
    {
        std::lock_guard lock(d->flushMutex);
        d->stopping = true;
    }
    d->flushWake.notify_all();
    if (d->flusher.joinable())
        d->flusher.join();
    if (d->logFile)
        d->logFile->flush();
    d->services.server = nullptr;
    d->server.reset();
    if (d->services.db)
        d->services.db->close();
}

bool Engine::running() const
{
    return d->server && d->server->running();
}

const EngineConfig &Engine::config() const
{
    return d->services.config;
}

quint16 Engine::port() const
{
    return d->port;
}

QString Engine::baseUrl() const
{
    const EngineConfig &c = d->services.config;
    const QString host =
        c.bindAddress == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : c.bindAddress;
    const QString hostPart =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return QStringLiteral("%1://%2:%3")
        .arg(c.tlsCertFile.isEmpty() ? "http" : "https", hostPart)
        .arg(d->port);
}

QString Engine::issueLocalAdminToken() const
{
    const auto &identity = d->services.identity;
    return running() && identity ? identity->issueLocalAdminToken() : QString();
}

QString Engine::generatedAdminNotice() const
{
    const auto &identity = d->services.identity;
    if (!identity || identity->generatedAdminPassword().isEmpty())
        return {};
    return QStringLiteral("First admin: %1  password: %2  (shown once; change it with the Access "
                          "panel or POST /api/admin/users/{id}/reset-password)")
        .arg(identity->generatedAdminEmail(), identity->generatedAdminPassword());
}

EngineStats Engine::stats() const
{
    const Services &s = d->services;
    EngineStats st;
    if (!d->server)
        return st;
    st.uptimeMs = (monotonicNs() - s.startedNs) / 1'000'000;
    st.requestsTotal = s.requestsTotal.load(std::memory_order_relaxed);
    st.serverErrorsTotal = s.serverErrors.load(std::memory_order_relaxed);
    st.clientErrorsTotal = s.clientErrors.load(std::memory_order_relaxed);
    st.inFlight = std::int64_t(s.metrics.inFlight.value());
    st.openConnections = d->server->stats().openConnections;
    const std::int64_t nowSec = wallClockUs() / 1'000'000;
    st.p50Ms = s.latency.quantileMs(0.50, nowSec);
    st.p95Ms = s.latency.quantileMs(0.95, nowSec);
    st.p99Ms = s.latency.quantileMs(0.99, nowSec);
    return st;
}

std::vector<RouteInfo> Engine::routes() const
{
    std::vector<RouteInfo> out;
    const auto schema = d->services.db ? d->services.db->schema() : nullptr;
    for (const Route &r : d->router.routes()) {
        const QString pattern = QString::fromStdString(r.pattern);
        if (r.pattern.rfind("/api/v1/{resource}", 0) == 0 && schema) {
            // One row per resource, as a user thinks of them.
            for (const store::Table *t : schema->resources()) {
                QString concrete = pattern;
                concrete.replace(QLatin1String("{resource}"), t->name);
                out.push_back({QString::fromStdString(r.method), concrete,
                               QString::fromStdString(r.summary), t->name});
            }
            continue;
        }
        out.push_back(
            {QString::fromStdString(r.method), pattern, QString::fromStdString(r.summary), {}});
    }
    return out;
}

std::vector<RecentRequest> Engine::recentRequests(std::uint64_t afterSeq, std::size_t max) const
{
    const auto records = d->services.logs.since(afterSeq, max, [](const telemetry::LogRecord &r) {
        return r.status != 0 && !r.method.empty();
    });
    std::vector<RecentRequest> out;
    out.reserve(records.size());
    for (const auto &r : records)
        out.push_back({r.seq, r.tsUs, QString::fromStdString(r.method),
                       QString::fromStdString(r.path), r.status, r.durationMs,
                       QString::fromStdString(r.traceId), QString::fromStdString(r.userId)});
    return out;
}

telemetry::LogRing &Engine::logs()
{
    return d->services.logs;
}

telemetry::TraceRing &Engine::traces()
{
    return d->services.traces;
}

telemetry::MetricsRegistry &Engine::metrics()
{
    return d->services.registry;
}

} // namespace bb::engine
