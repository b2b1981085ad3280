#include "store/database.h"

#include "store/sql_script_p.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace bb::store {

namespace {

// Any constant works; it only has to be the same for every engine sharing the database.
constexpr qint64 kMigrationLockKey = 0x62625f6d6967; // "bb_mig"

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

Result<void> Database::migrate(const QList<Migration> &migrations)
{
    // Migrations come in SQLite and PostgreSQL spellings only.
    if (dialect() == Dialect::Mysql)
        return Error::unavailable(QStringLiteral(
            "the engine does not run on MySQL; MySQL connections are for browsing only"));
    QList<Migration> ordered = migrations;
    std::sort(ordered.begin(), ordered.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    for (qsizetype i = 1; i < ordered.size(); ++i) {
        if (ordered[i].version == ordered[i - 1].version)
            return Error::internal(
                QStringLiteral("two migrations share version %1").arg(ordered[i].version));
    }

    auto created = write<bool>(
        [this](QSqlDatabase &db) -> Result<bool> {
            auto r = exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS _migrations ("
                                             "version integer PRIMARY KEY, "
                                             "name text NOT NULL, "
                                             "applied_at text NOT NULL)"));
            if (!r)
                return r.error();
            return true;
        },
        false);
    if (!created)
        return created.error();

    bool changed = false;
    for (const Migration &m : ordered) {
        auto applied = write<bool>([this, &m](QSqlDatabase &db) -> Result<bool> {
            // Several engines may start against one PostgreSQL database at once; the lock
            // makes the "already applied?" check and the migration one step. SQLite's
            // BEGIN IMMEDIATE already does that.
            if (dialect() == Dialect::Postgres) {
                if (auto locked = scalar(db, QStringLiteral("SELECT pg_advisory_xact_lock(?)"),
                                         {kMigrationLockKey});
                    !locked)
                    return locked.error();
            }
            auto seen =
                scalar(db, QStringLiteral("SELECT version FROM _migrations WHERE version = ?"),
                       {m.version});
            if (!seen)
                return seen.error();
            if (!seen->isNull())
                return false;
            const QString script = dialect() == Dialect::Sqlite ? m.sqliteSql : m.postgresSql;
            for (const QString &stmt : internal::splitSqlStatements(script)) {
                if (auto r = exec(db, stmt); !r)
                    return Error::internal(QStringLiteral("migration %1 (%2) failed: %3")
                                               .arg(m.version)
                                               .arg(m.name, r.error().message));
            }
            auto recorded =
                exec(db,
                     QStringLiteral(
                         "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)"),
                     {m.version, m.name, nowIso()});
            if (!recorded)
                return recorded.error();
            return true;
        });
        if (!applied)
            return applied.error();
        changed = changed || *applied;
    }
    if (changed)
        return reloadSchema();
    return {};
}

} // namespace bb::store
