// Shared by the runner's integration tests: an engine on 127.0.0.1 port 0 with a known admin,
// the test collection's environment file pointing at it, and `backbench` run as a process.
#pragma once

#include "../../support/engine_fixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace runnertest {

inline constexpr char kAdminEmail[] = "runner-admin@example.test";
inline constexpr char kAdminPassword[] = "correct horse battery staple 42";

inline QString dataPath(const QString &name)
{
    return QStringLiteral(BB_SOURCE_DIR "/tests/integration/runner/data/") + name;
}

struct Process {
    int exitCode = -1;
    QString out, err;
};

/// Runs a program to its end (bounded: 120 s, then killed).
inline Process runProcess(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    Process r;
    if (!p.waitForStarted(10'000)) {
        r.err = QStringLiteral("could not start %1: %2").arg(program, p.errorString());
        return r;
    }
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

class RunnerEngine {
public:
    /// Empty when started; otherwise why not.
    QString start()
    {
        if (!m_fx.unavailableReason().isEmpty())
            return m_fx.unavailableReason();
        qputenv("BACKBENCH_ADMIN_EMAIL", kAdminEmail);
        qputenv("BACKBENCH_ADMIN_PASSWORD", kAdminPassword);
        m_engine = std::make_unique<bb::engine::Engine>(m_fx.config());
        auto port = m_engine->start();
        qunsetenv("BACKBENCH_ADMIN_EMAIL");
        qunsetenv("BACKBENCH_ADMIN_PASSWORD");
        if (!port)
            return port.error().message;
        m_port = *port;
        return {};
    }
    ~RunnerEngine()
    {
        if (m_engine)
            m_engine->stop();
    }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

    /// A Postman environment file in dir with baseUrl and the admin's credentials.
    QString writeEnvironment(const QTemporaryDir &dir) const
    {
        auto value = [](const char *key, const QString &v) {
            return QJsonObject{{"key", QString::fromLatin1(key)}, {"value", v}, {"enabled", true}};
        };
        const QJsonObject env{
            {"name", "runner test"},
            {"values", QJsonArray{value("baseUrl", baseUrl()),
                                  value("adminEmail", QString::fromLatin1(kAdminEmail)),
                                  value("adminPassword", QString::fromLatin1(kAdminPassword))}},
        };
        const QString path = dir.filePath(QStringLiteral("env.postman_environment.json"));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(env).toJson());
        return path;
    }

private:
    bbtest::EngineFixture m_fx;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;
};

inline QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace runnertest
