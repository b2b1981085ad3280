// bb::dbx — the DDL of one object as text: SQLite's own stored SQL, PostgreSQL's generated from
// the catalog (pg_get_indexdef / pg_get_viewdef / pg_get_triggerdef), MySQL's SHOW CREATE.
#pragma once
#include "common/result.h"
#include "store/database.h"
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace bb::dbx {

enum class ObjectKind { Table, View, Index, Trigger };

struct ObjectRef {
    ObjectKind kind = ObjectKind::Table;
    QString schema; ///< empty: the connection's default schema
    QString name;
};

/// The CREATE statement(s) for `object`: for a table, its CREATE TABLE followed by its indexes
/// and triggers, each ending in ";". Blocking, on the calling thread with `conn`.
Result<QString> objectDdl(store::Database &db, QSqlDatabase &conn, const ObjectRef &object);
/// objectDdl() on the thread pool with its own reader; `done` runs on `context`'s thread.
void loadObjectDdl(QObject *context, std::shared_ptr<store::Database> db, ObjectRef object,
                   std::function<void(Result<QString>)> done);

} // namespace bb::dbx
