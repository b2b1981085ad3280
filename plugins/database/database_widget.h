// bb::plugins::database — the Database panel: the connections list and schema tree on the left,
// table and SQL tabs on the right. It composes the parts (ConnectionsView, SchemaTreeModel,
// TableTab, SqlTab, the dialogs) and keeps what survives a restart: the open connection, its
// open tables and SQL tabs' text, and the splitter sizes.
#pragma once

#include "dbx/connection_profile.h"
#include "dbx/sql_history.h"
#include "store/database.h"

#include <QWidget>

#include <memory>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace bb::shell {
class ShellContext;
}
namespace bb::dbx {
class ConnectionPasswords;
}

namespace bb::plugins::database {

class ConnectionsView;
class SchemaTreeModel;
class ScreenshotScenes;
class SqlTab;
class TableTab;

/// Where the panel keeps its files; the defaults are the app's, tests pass temporary ones.
struct DatabasePaths {
    QString profiles; ///< saved connection profiles (JSON)
    QString history;  ///< executed statements (JSON lines)
    static DatabasePaths standard();
};

class DatabaseWidget : public QWidget {
    Q_OBJECT
public:
    /// `context` may be null (tests without a shell): no engine entry, no cross-panel actions,
    /// no saved state.
    DatabaseWidget(shell::ShellContext *context, DatabasePaths paths = DatabasePaths::standard(),
                   QWidget *parent = nullptr);
    ~DatabaseWidget() override;

    ConnectionsView *connections() const { return m_connections; }
    SchemaTreeModel *schemaModel() const { return m_schema; }
    QTreeView *schemaView() const { return m_tree; }
    QTabWidget *tabs() const { return m_tabs; }
    std::shared_ptr<store::Database> database() const { return m_db; }
    const dbx::ConnectionProfile &openProfileInfo() const { return m_profile; }
    QString statusText() const;

    /// Opens `profile` off the GUI thread; opened() or openFailed() follows.
    void openProfile(const dbx::ConnectionProfile &profile, const QString &password = {});
    /// Opens a SQLite file (Open file…, Ctrl+O, a file dropped on the panel). Once open it is
    /// a saved profile (the existing one of the same file, or a new one named after the file),
    /// listed, selected and marked open.
    void openSqliteFile(const QString &path);
    /// Asks for a SQLite file (a QFileDialog named "openSqliteDialog", not blocking) and opens
    /// it.
    void chooseSqliteFile();
    TableTab *openTable(const QString &table);
    SqlTab *newSqlTab(const QString &text = {});
    void showDdl(const QModelIndex &schemaNode);
    void exportTable(const QString &table);
    void importCsv(const QString &target);
    /// Why "Open REST endpoint in tester" is not possible for `table`, empty when it is.
    QString restEndpointProblem(const QString &table) const;
    /// Invokes "openInTester" with GET <engine>/api/v1/<table>; false with `*reason` when it
    /// cannot.
    bool openRestEndpoint(const QString &table, QString *reason = nullptr);
    /// Re-reads the schema tree (after DDL, an import).
    void reloadSchema();
    /// Saves what survives a restart.
    void saveState() const;

    // Screenshot scenes (see docs/architecture.md).
    Q_INVOKABLE int screenshotSceneCount() const;
    Q_INVOKABLE QString prepareScreenshotScene(int index);
    Q_INVOKABLE bool screenshotSceneReady();
    Q_INVOKABLE QString screenshotSceneProblem() const;

signals:
    void opened();
    void openFailed(const QString &message);
    void schemaLoaded();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void onOpened(const dbx::ConnectionProfile &profile, std::shared_ptr<store::Database> db);
    void closeConnection();
    void schemaContextMenu(const QPoint &pos);
    void schemaActivated(const QModelIndex &index);
    void updateCompletions();
    void restoreTabs();
    void setStatus(const QString &text, bool error = false);
    void closeTab(int index);
    /// Shows the hint instead of an empty tab area.
    void updateEmptyState();
    /// The panel-wide shortcuts (Ctrl+T, Ctrl+W, Ctrl+O, Ctrl+Shift+N, F5).
    void addShortcuts();

    shell::ShellContext *m_context;
    DatabasePaths m_paths;
    dbx::ConnectionPasswords *m_passwords;
    dbx::SqlHistory m_history;
    ConnectionsView *m_connections;
    SchemaTreeModel *m_schema;
    QTreeView *m_tree;
    QTabWidget *m_tabs;
    QStackedWidget *m_tabArea;
    QLabel *m_hint;
    QSplitter *m_split;
    QLabel *m_status;
    std::shared_ptr<store::Database> m_db;
    dbx::ConnectionProfile m_profile;
    bool m_restoring = false;
    bool m_schemaPending = false;
    ScreenshotScenes *m_scenes = nullptr;
};

} // namespace bb::plugins::database
