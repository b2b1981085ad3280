// DESIGN §6 crash durability: `backbench serve` is killed with SIGKILL while two clients write.
// Every write it acknowledged (a 201 received in full) must be in the database afterwards, with
// its values, both read straight from the SQLite file and over HTTP after a restart, and
// PRAGMA integrity_check must say ok. Three kill cycles run on one data folder.
#include "test_http_client.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <csignal>
#include <memory>
#include <sys/types.h>

namespace {

constexpr int kCycles = 3;
constexpr int kWriters = 2;
// Writes run at least this long before the kill, and until this many are acknowledged, so the
// kill always lands on a server that is busy writing.
constexpr int kWriteMs = 1500;
constexpr int kMinAckedPerCycle = 20;
constexpr int kIoTimeoutMs = 5000;
constexpr int kStartTimeoutMs = 60000; // a fresh folder seeds the demo data first
// The first start makes this admin (BACKBENCH_ADMIN_*); every start logs in again, because a
// killed server's sessions are in the database but this suite keeps no refresh token.
const QByteArray kAdminEmail = "durability@example.com";
const QByteArray kAdminPassword = "kill-9-survivor";
QByteArray g_authorization; ///< "Bearer …" for the current server; set before writers start

struct Ack {
    qint64 id = 0;
    QString name;
    QJsonObject row; ///< the record as the 201 described it
};

/// One keep-alive HTTP/1.1 connection, reopened when it drops: the fastest honest client, so
/// writes are in flight when the server dies.
class KeepAliveClient {
public:
    explicit KeepAliveClient(quint16 port)
        : m_port(port)
    {}

    /// One request; status 0 when the whole response did not arrive.
    bbtest::HttpResult send(const QByteArray &method, const QByteArray &target,
                            const QByteArray &body = {})
    {
        m_connectFailed = !ensureConnected();
        if (m_connectFailed)
            return {};
        QByteArray req = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!g_authorization.isEmpty())
            req += "Authorization: " + g_authorization + "\r\n";
        if (!body.isEmpty())
            req += "Content-Type: application/json\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\n";
        req += "\r\n" + body;
        m_socket->write(req);
        QByteArray raw;
        if (!readResponse(raw)) {
            m_socket.reset();
            return {};
        }
        bbtest::HttpResult r = bbtest::parseResponse(raw);
        if (r.header("connection").toLower() == "close")
            m_socket.reset();
        return r;
    }

    /// Whether the last send() failed before the request went out (nobody listening).
    bool connectFailed() const { return m_connectFailed; }

private:
    bool ensureConnected()
    {
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
            return true;
        m_socket = std::make_unique<QTcpSocket>();
        m_socket->connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (m_socket->waitForConnected(kIoTimeoutMs))
            return true;
        m_socket.reset();
        return false;
    }

    /// Reads the status line, the headers and Content-Length bytes of body; false when the
    /// connection ends or stalls first.
    bool readResponse(QByteArray &raw)
    {
        QByteArray buf;
        for (;;) {
            buf += m_socket->readAll();
            const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const auto head = bbtest::parseResponse(buf.left(headerEnd + 4));
                const qsizetype total = headerEnd + 4 + head.header("content-length").toLongLong();
                if (buf.size() >= total) {
                    raw = buf.left(total);
                    return true;
                }
            }
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                return false;
            if (!m_socket->waitForReadyRead(kIoTimeoutMs) && m_socket->bytesAvailable() == 0)
                return false;
        }
    }

    quint16 m_port;
    std::unique_ptr<QTcpSocket> m_socket;
    bool m_connectFailed = false;
};

/// What one writer thread saw during one cycle.
struct WriterLog {
    QList<Ack> acks;
    int inFlight = 0;  ///< requests sent whose response never arrived in full (the kill)
    int rejected = 0;  ///< complete responses other than 201
    int malformed = 0; ///< 201s whose body does not describe the row just written
    QByteArray firstRejected;
};

/// Posts uniquely named tags back to back until `stop`.
void writeTags(quint16 port, int cycle, int writer, const std::atomic<bool> &stop,
               std::atomic<int> &acked, WriterLog &log)
{
    KeepAliveClient client(port);
    for (int n = 0; !stop.load(); ++n) {
        const QString name = QStringLiteral("durable-c%1-w%2-%3").arg(cycle).arg(writer).arg(n);
        const QByteArray body =
            QJsonDocument(QJsonObject{{"name", name}}).toJson(QJsonDocument::Compact);
        const bbtest::HttpResult r = client.send("POST", "/api/v1/tags", body);
        if (r.status == 0) {
            // After the kill, connecting fails until `stop`; only requests that went out count.
            if (!client.connectFailed())
                ++log.inFlight;
        } else if (r.status != 201) {
            if (log.rejected++ == 0)
                log.firstRejected = r.raw.left(400);
        } else {
            const QJsonObject row = r.json();
            const qint64 id = row.value("id").toInteger();
            if (id > 0 && row.value("name").toString() == name) {
                log.acks.append({id, name, row});
                acked.fetch_add(1);
            } else {
                ++log.malformed;
            }
        }
    }
}

/// `backbench serve` on port 0 over a data folder, its output in files (a pipe nobody reads
/// could fill and stall the server).
class ServeProcess {
public:
    ServeProcess(QString dataDir, QString logDir)
        : m_dataDir(std::move(dataDir))
        , m_logDir(std::move(logDir))
    {}
    ~ServeProcess() { m_process.reset(); } // QProcess kills and reaps a child still running

    /// Starts the server and returns the port it printed, or 0 (see output()).
    quint16 start()
    {
        ++m_starts;
        m_process = std::make_unique<QProcess>();
        m_process->setProgram(QStringLiteral(BB_BACKBENCH_BIN));
        m_process->setArguments({"serve", "--port", "0", "--bind", "127.0.0.1", "--data", m_dataDir,
                                 "--demo", "--threads", "2"});
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("BACKBENCH_ADMIN_EMAIL"), QString::fromLatin1(kAdminEmail));
        env.insert(QStringLiteral("BACKBENCH_ADMIN_PASSWORD"), QString::fromLatin1(kAdminPassword));
        m_process->setProcessEnvironment(env);
        m_process->setStandardOutputFile(stdoutPath());
        m_process->setStandardErrorFile(stderrPath());
        m_process->start();
        if (!m_process->waitForStarted(kIoTimeoutMs))
            return 0;
        static const QRegularExpression listening(
            QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        quint16 port = 0;
        const bool ready = QTest::qWaitFor(
            [&] {
                port = quint16(listening.match(readFile(stdoutPath())).captured(1).toUInt());
                return port != 0 || m_process->state() == QProcess::NotRunning;
            },
            kStartTimeoutMs);
        if (!ready || port == 0)
            return 0;
        const auto login = bbtest::request(port, "POST", "/api/v1/auth/login",
                                           R"({"email":")" + kAdminEmail + R"(","password":")" +
                                               kAdminPassword + R"("})");
        const QByteArray token =
            QJsonDocument::fromJson(login.body).object().value("accessToken").toString().toLatin1();
        if (login.status != 200 || token.isEmpty())
            return 0;
        g_authorization = "Bearer " + token;
        return port;
    }

    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    QProcess &process() { return *m_process; }

    /// Both output files of the latest start, for failure messages.
    QString output() const
    {
        return QStringLiteral("stdout:\n%1\nstderr:\n%2")
            .arg(readFile(stdoutPath()), readFile(stderrPath()).right(2000));
    }

private:
    QString stdoutPath() const { return m_logDir + QStringLiteral("/serve-%1.out").arg(m_starts); }
    QString stderrPath() const { return m_logDir + QStringLiteral("/serve-%1.err").arg(m_starts); }
    static QString readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    QString m_dataDir;
    QString m_logDir;
    int m_starts = 0;
    std::unique_ptr<QProcess> m_process;
};

/// The database as SQLite itself sees it, read while no server has it open.
struct DatabaseState {
    QString error;
    QStringList integrity; ///< the rows of PRAGMA integrity_check
    QHash<qint64, QString> durableTags;
};

DatabaseState readDatabase(const QString &file)
{
    DatabaseState s;
    const QString connection = QStringLiteral("durability-check");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(file);
        if (!db.open()) {
            s.error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
                s.error = q.lastError().text();
            while (q.next())
                s.integrity << q.value(0).toString();
            if (!q.exec(QStringLiteral("SELECT id, name FROM tags WHERE name LIKE 'durable-%'")))
                s.error = q.lastError().text();
            while (q.next())
                s.durableTags.insert(q.value(0).toLongLong(), q.value(1).toString());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return s;
}

/// The acknowledged writes missing or changed in `tags` (id → name), described for a message.
QStringList lostWrites(const QList<Ack> &acks, const QHash<qint64, QString> &tags)
{
    QStringList lost;
    for (const Ack &a : acks) {
        if (tags.value(a.id) != a.name)
            lost << QStringLiteral("%1 '%2' (found '%3')").arg(a.id).arg(a.name, tags.value(a.id));
    }
    return lost;
}

} // namespace

class tst_CrashDurability : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QStringLiteral(BB_BACKBENCH_BIN)), BB_BACKBENCH_BIN);
        QVERIFY(m_dir.isValid());
        m_dataDir = m_dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        m_server = std::make_unique<ServeProcess>(m_dataDir, m_dir.path());
    }

    void acknowledgedWritesSurviveSigkill()
    {
        quint16 port = m_server->start();
        QVERIFY2(port != 0, qPrintable(m_server->output()));
        for (int cycle = 1; cycle <= kCycles; ++cycle) {
            QList<Ack> acks;
            writeUntilKilled(port, cycle, acks);
            if (QTest::currentTestFailed())
                return;
            m_acks += acks;

            // Straight after the crash, before anything else touches the file.
            checkDatabase();
            if (QTest::currentTestFailed())
                return;

            port = m_server->start();
            QVERIFY2(port != 0, qPrintable(m_server->output()));
            checkOverHttp(port, acks);
            if (QTest::currentTestFailed())
                return;
        }

        // The kills landed mid-write: some request was on the wire when the server died.
        QVERIFY(m_inFlightAtKill > 0);

        // A clean stop after the last restart loses nothing either.
        m_server->process().terminate();
        QVERIFY(m_server->process().waitForFinished(30000));
        QCOMPARE(m_server->process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server->process().exitCode(), 0);
        checkDatabase();
    }

private:
    /// Two writers post tags until the server is killed under them; `acks` gets what it
    /// acknowledged.
    void writeUntilKilled(quint16 port, int cycle, QList<Ack> &acks)
    {
        std::atomic<bool> stop{false};
        std::atomic<int> acked{0};
        WriterLog logs[kWriters];
        std::unique_ptr<QThread> threads[kWriters];
        for (int w = 0; w < kWriters; ++w) {
            threads[w].reset(QThread::create(writeTags, port, cycle, w, std::cref(stop),
                                             std::ref(acked), std::ref(logs[w])));
            threads[w]->start();
        }
        QElapsedTimer writing;
        writing.start();
        const bool busy = QTest::qWaitFor(
            [&] { return writing.elapsed() >= kWriteMs && acked.load() >= kMinAckedPerCycle; },
            30000);

        // SIGKILL by PID while the writers are still sending: no chance to flush or clean up.
        const qint64 pid = m_server->pid();
        const bool killed = pid > 0 && ::kill(pid_t(pid), SIGKILL) == 0;
        const bool exited = m_server->process().waitForFinished(10000);
        stop = true;
        bool joined = true;
        for (auto &t : threads)
            joined = t->wait(kIoTimeoutMs * 3) && joined;

        int inFlight = 0, rejected = 0, malformed = 0;
        QByteArray firstRejected;
        for (const WriterLog &l : logs) {
            acks += l.acks;
            inFlight += l.inFlight;
            rejected += l.rejected;
            malformed += l.malformed;
            if (firstRejected.isEmpty())
                firstRejected = l.firstRejected;
        }
        qInfo("cycle %d: %lld writes acknowledged in %lld ms, %d in flight at the kill, %d refused",
              cycle, qlonglong(acks.size()), qlonglong(writing.elapsed()), inFlight, rejected);
        m_inFlightAtKill += inFlight;

        QVERIFY2(busy, qPrintable(QStringLiteral("only %1 writes acknowledged; %2 refused, "
                                                 "first: %3\n%4")
                                      .arg(acked.load())
                                      .arg(rejected)
                                      .arg(QString::fromUtf8(firstRejected), m_server->output())));
        QVERIFY(killed);
        QVERIFY(exited);
        QVERIFY(joined);
        // Killed by the signal, not exited on its own.
        QCOMPARE(m_server->process().exitStatus(), QProcess::CrashExit);
        QCOMPARE(malformed, 0);
        // Refusals would mean the writes did not exercise the write path.
        QVERIFY2(rejected == 0, firstRejected.constData());
    }

    /// integrity_check is ok and every write acknowledged so far is in the file, unchanged.
    void checkDatabase()
    {
        const QString file = QDir(m_dataDir).filePath(QStringLiteral("backbench.db"));
        QVERIFY2(QFile::exists(file), qPrintable(file));
        const DatabaseState db = readDatabase(file);
        QVERIFY2(db.error.isEmpty(), qPrintable(db.error));
        QCOMPARE(db.integrity, QStringList{QStringLiteral("ok")});
        const QStringList lost = lostWrites(m_acks, db.durableTags);
        QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 of %2 acknowledged writes lost: %3")
                                                .arg(lost.size())
                                                .arg(m_acks.size())
                                                .arg(lost.mid(0, 10).join(", "))));
    }

    /// After the restart, the engine serves every row acknowledged in the last cycle exactly as
    /// its 201 described it.
    void checkOverHttp(quint16 port, const QList<Ack> &acks)
    {
        KeepAliveClient client(port);
        QStringList lost;
        for (const Ack &a : acks) {
            const auto r = client.send("GET", "/api/v1/tags/" + QByteArray::number(a.id));
            if (r.status != 200 || r.json() != a.row)
                lost << QStringLiteral("%1 '%2' (status %3)").arg(a.id).arg(a.name).arg(r.status);
        }
        QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 of %2 writes not served: %3")
                                                .arg(lost.size())
                                                .arg(acks.size())
                                                .arg(lost.mid(0, 10).join(", "))));
    }

    QTemporaryDir m_dir;
    QString m_dataDir;
    std::unique_ptr<ServeProcess> m_server;
    QList<Ack> m_acks;        ///< every write acknowledged in any cycle so far
    int m_inFlightAtKill = 0; ///< over all cycles
};

QTEST_GUILESS_MAIN(tst_CrashDurability)
#include "tst_crash_durability.moc"
