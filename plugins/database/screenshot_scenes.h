// bb::plugins::database — the scenes `backbench --screenshot-panels` shoots of this panel, on a
// small Chinook-like SQLite file it generates in a temporary folder: the tracks grid with a NULL
// and a filter, staged edits with the SQL preview, the SQL editor with a join's results, and the
// plan tree. Driven through DatabaseWidget's screenshot* invokables.
#pragma once

#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace bb::plugins::database {

class DatabaseWidget;
class SqlTab;
class TableTab;

class ScreenshotScenes {
public:
    explicit ScreenshotScenes(DatabaseWidget &panel);

    static QStringList names();
    bool prepare(int index);
    bool isReady();
    QString problem() const { return m_problem; }

    /// Writes the Chinook-like demo database (artists, albums, tracks; some composers NULL) to
    /// `path`; the error says why it could not.
    static QString writeDemoDatabase(const QString &path);

private:
    bool ensureOpen();

    DatabaseWidget &m_panel;
    QTemporaryDir m_dir;
    int m_scene = -1;
    int m_step = 0;
    QPointer<TableTab> m_grid;
    QPointer<SqlTab> m_sql;
    bool m_ran = false;
    bool m_planned = false;
    QString m_problem;
};

} // namespace bb::plugins::database
