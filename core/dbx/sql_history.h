// bb::dbx — the history of statements the SQL runner executed, kept as JSON lines in one file,
// bounded, and read back tolerating a torn last line.
#pragma once
#include "common/result.h"
#include <QDateTime>
#include <QList>
#include <QString>

namespace bb::dbx {

struct SqlHistoryEntry {
    QDateTime time; ///< when the statement started (UTC)
    double durationMs = 0;
    QString connection; ///< the connection's display name (passwords masked)
    enum class Status { Ok, Error, Cancelled } status = Status::Ok;
    QString sql;
    qint64 rows = -1; ///< rows returned or affected, -1 when unknown
    QString error;    ///< the driver's message when status is Error
};

QString statusName(SqlHistoryEntry::Status status);

/// One JSON-lines file; each append is one line written and flushed at once, so a crash loses
/// at most the line being written. When the file holds more than twice `maxEntries` lines it is
/// rewritten (QSaveFile) with the newest `maxEntries`.
class SqlHistory {
public:
    explicit SqlHistory(QString path, int maxEntries = 1000);

    const QString &path() const { return m_path; }
    int maxEntries() const { return m_max; }

    Result<void> append(const SqlHistoryEntry &entry);
    /// The newest `maxEntries` entries, oldest first; lines that do not parse are skipped.
    Result<QList<SqlHistoryEntry>> load() const;
    /// Removes every entry.
    Result<void> clear();

private:
    Result<void> compact(const QList<SqlHistoryEntry> &keep);

    QString m_path;
    int m_max;
    int m_linesSinceCompact = -1; ///< lines in the file, counted on first append
};

} // namespace bb::dbx
