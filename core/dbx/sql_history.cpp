#include "dbx/sql_history.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace bb::dbx {

namespace {

QByteArray toLine(const SqlHistoryEntry &e)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), e.time.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("durationMs"), e.durationMs);
    o.insert(QStringLiteral("connection"), e.connection);
    o.insert(QStringLiteral("status"), statusName(e.status));
    o.insert(QStringLiteral("sql"), e.sql);
    if (e.rows >= 0)
        o.insert(QStringLiteral("rows"), e.rows);
    if (!e.error.isEmpty())
        o.insert(QStringLiteral("error"), e.error);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool fromLine(const QByteArray &line, SqlHistoryEntry &e)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    e.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    e.sql = o.value(QStringLiteral("sql")).toString();
    if (!e.time.isValid() || e.sql.isEmpty())
        return false;
    e.durationMs = o.value(QStringLiteral("durationMs")).toDouble();
    e.connection = o.value(QStringLiteral("connection")).toString();
    const QString status = o.value(QStringLiteral("status")).toString();
    e.status = status == QLatin1String("error")       ? SqlHistoryEntry::Status::Error
               : status == QLatin1String("cancelled") ? SqlHistoryEntry::Status::Cancelled
                                                      : SqlHistoryEntry::Status::Ok;
    e.rows = qint64(o.value(QStringLiteral("rows")).toDouble(-1));
    e.error = o.value(QStringLiteral("error")).toString();
    return true;
}

} // namespace

QString statusName(SqlHistoryEntry::Status status)
{
    switch (status) {
    case SqlHistoryEntry::Status::Ok:
        return QStringLiteral("ok");
    case SqlHistoryEntry::Status::Error:
        return QStringLiteral("error");
    case SqlHistoryEntry::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("ok");
}

SqlHistory::SqlHistory(QString path, int maxEntries)
    : m_path(std::move(path))
    , m_max(std::max(1, maxEntries))
{}

Result<void> SqlHistory::append(const SqlHistoryEntry &entry)
{
    if (m_linesSinceCompact < 0) {
        // Count once; afterwards every append adds one.
        m_linesSinceCompact = 0;
        QFile in(m_path);
        if (in.open(QIODevice::ReadOnly)) {
            while (!in.atEnd()) {
                in.readLine();
                ++m_linesSinceCompact;
            }
        }
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile out(m_path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append))
        return Error::io(QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString()));
    // A torn line left by a crash would swallow this one: start on a fresh line.
    if (out.size() > 0) {
        QFile tail(m_path);
        if (tail.open(QIODevice::ReadOnly) && tail.seek(tail.size() - 1) && tail.read(1) != "\n")
            out.write("\n");
    }
    const QByteArray line = toLine(entry);
    if (out.write(line) != line.size() || !out.flush())
        return Error::io(QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString()));
    out.close();
    if (++m_linesSinceCompact > 2 * m_max) {
        auto all = load();
        if (!all)
            return all.error();
        return compact(*all);
    }
    return {};
}

Result<QList<SqlHistoryEntry>> SqlHistory::load() const
{
    QList<SqlHistoryEntry> out;
    QFile in(m_path);
    if (!in.exists())
        return out;
    if (!in.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read %1: %2").arg(m_path, in.errorString()));
    while (!in.atEnd()) {
        const QByteArray line = in.readLine().trimmed();
        SqlHistoryEntry e;
        if (!line.isEmpty() && fromLine(line, e))
            out.append(std::move(e));
    }
    if (out.size() > m_max)
        out = out.mid(out.size() - m_max);
    return out;
}

Result<void> SqlHistory::compact(const QList<SqlHistoryEntry> &keep)
{
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString()));
    for (const SqlHistoryEntry &e : keep)
        out.write(toLine(e));
    if (!out.commit())
        return Error::io(QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString()));
    m_linesSinceCompact = int(keep.size());
    return {};
}

Result<void> SqlHistory::clear()
{
    return compact({});
}

} // namespace bb::dbx
