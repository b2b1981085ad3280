// Test support for the Database panel: SQLite files with known rows, and a panel over temporary
// profile and history files.
#pragma once

#include "database_widget.h"
#include "store/database.h"

#include <QDir>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace bbtest {

/// Runs `statements` on a new SQLite file at `path`; returns the error text, empty on success.
inline QString makeSqlite(const QString &path, const QStringList &statements)
{
    auto db = bb::store::Database::open(QStringLiteral("sqlite:") + path);
    if (!db)
        return db.error().message;
    auto done = (*db)->write<int>([&](QSqlDatabase &conn) -> bb::Result<int> {
        QSqlQuery q(conn);
        for (const QString &sql : statements)
            if (!q.exec(sql))
                return bb::Error::internal(sql + QStringLiteral(": ") + q.lastError().text());
        return 0;
    });
    (*db)->close();
    return done ? QString() : done.error().message;
}

/// A scalar read on a fresh connection (what another client would see).
inline QVariant scalar(const QString &path, const QString &sql)
{
    auto db = bb::store::Database::open(QStringLiteral("sqlite:") + path);
    if (!db)
        return {};
    QVariant out;
    {
        QSqlDatabase conn = (*db)->reader();
        auto v = (*db)->scalar(conn, sql);
        out = v ? *v : QVariant();
    } // the handle goes before the connection is removed
    (*db)->close();
    return out;
}

/// Opens `path` in `panel` and waits for its schema tree.
inline bool openAndWait(bb::plugins::database::DatabaseWidget &panel, const QString &path)
{
    QSignalSpy loaded(&panel, &bb::plugins::database::DatabaseWidget::schemaLoaded);
    panel.openSqliteFile(path);
    return loaded.wait(15000);
}

inline bb::plugins::database::DatabasePaths tempPaths(const QTemporaryDir &dir)
{
    return {QDir(dir.path()).filePath(QStringLiteral("profiles.json")),
            QDir(dir.path()).filePath(QStringLiteral("history.jsonl"))};
}

} // namespace bbtest
