// bb::dbx — opening a connection profile: the store::Database a RowSource, schema reader or
// import/export works on, or the server's own error text.
#pragma once
#include "common/result.h"
#include "dbx/connection_profile.h"
#include "store/database.h"
#include <QObject>
#include <functional>
#include <memory>

namespace bb::dbx {

/// What "Test connection" found.
struct ConnectionCheck {
    QString serverVersion; ///< e.g. "PostgreSQL 15.8 …", "10.11.19-MariaDB", "SQLite 3.40.1"
    qint64 elapsedMs = 0;
};

/// Opens `profile` (blocking; call off the GUI thread or use openProfileAsync). SQLite files get
/// WAL and a busy timeout as the engine does, except the engine's own file (and any file already
/// in another journal mode when opened as EngineSqlite), whose journal mode is never changed.
Result<std::shared_ptr<store::Database>> openProfile(const ConnectionProfile &profile,
                                                     const QString &password);
/// Connects once on a private connection and runs a trivial query. The error is the driver's
/// text verbatim (PostgreSQL's `password authentication failed for user "x"`, MySQL's
/// `Access denied for user …`), so the user sees what the server said.
Result<ConnectionCheck> testConnection(const ConnectionProfile &profile, const QString &password);

/// openProfile() on the thread pool; `done` runs on `context`'s thread.
void openProfileAsync(QObject *context, const ConnectionProfile &profile, const QString &password,
                      std::function<void(Result<std::shared_ptr<store::Database>>)> done);
/// testConnection() on the thread pool; `done` runs on `context`'s thread.
void testConnectionAsync(QObject *context, const ConnectionProfile &profile,
                         const QString &password,
                         std::function<void(Result<ConnectionCheck>)> done);

} // namespace bb::dbx
