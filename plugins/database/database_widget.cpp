#include "database_widget.h"

#include "connections_view.h"
#include "dbx/connection.h"
#include "dbx/connection_passwords.h"
#include "dbx/connection_profiles.h"
#include "dbx/schema_tree.h"
#include "engine/engine_controller.h"
#include "schema_tree_model.h"
#include "screenshot_scenes.h"
#include "shell/shell_context.h"
#include "sql_editor.h"
#include "sql_tab.h"
#include "table_tab.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace bb::plugins::database {

namespace {

const QString kPluginId = QStringLiteral("database");
const QString kFilePrefix = QStringLiteral("file:");

/// The engine's SQLite file from its database URL, or empty with `*reason`.
QString engineFile(shell::ShellContext *context, QString *reason)
{
    engine::EngineController *engine = context ? context->engine() : nullptr;
    if (!engine) {
        *reason = QObject::tr("No embedded engine in this session");
        return {};
    }
    const QString url = engine->config().effectiveDbUrl();
    if (url.startsWith(QLatin1String("postgres"))) {
        *reason = QObject::tr("The engine uses PostgreSQL; add it as a PostgreSQL connection");
        return {};
    }
    return url.startsWith(QLatin1String("sqlite:")) ? url.mid(7) : url;
}

} // namespace

DatabasePaths DatabasePaths::standard()
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return {dbx::ConnectionProfiles::defaultPath(),
            QDir(data).filePath(QStringLiteral("sql-history.jsonl"))};
}

DatabaseWidget::DatabaseWidget(shell::ShellContext *context, DatabasePaths paths, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_paths(paths)
    , m_passwords(new dbx::ConnectionPasswords(this))
    , m_history(paths.history)
    , m_connections(new ConnectionsView(paths.profiles, m_passwords, this))
    , m_schema(new SchemaTreeModel(this))
    , m_tree(new QTreeView(this))
    , m_tabs(new QTabWidget(this))
    , m_tabArea(new QStackedWidget(this))
    , m_hint(new QLabel(this))
    , m_split(new QSplitter(Qt::Horizontal, this))
    , m_status(new QLabel(this))
{
    QDir().mkpath(QFileInfo(paths.history).absolutePath());
    m_tree->setModel(m_schema);
    m_tree->setObjectName(QStringLiteral("schemaTree"));
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    // Names get most of the width; details (types, estimates) take the rest and may be cut.
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->resizeSection(0, 190);
    m_tree->setToolTip(tr("Double-click a table to open it; right-click for DDL, export, import; "
                          "F5 refreshes"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    auto *newSql = new QToolButton(this);
    newSql->setText(tr("+ SQL"));
    newSql->setToolTip(tr("New SQL editor (Ctrl+T)"));
    m_tabs->setCornerWidget(newSql, Qt::TopRightCorner);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_connections);
    left->addWidget(m_tree);
    left->setStretchFactor(1, 3);
    auto *leftBox = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(leftBox);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(left, 1);
    leftLayout->addWidget(m_status);
    m_split->addWidget(leftBox);
    m_hint->setObjectName(QStringLiteral("emptyHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_hint->setText(tr("Double-click <b>Embedded engine</b> to browse the engine's own data, "
                       "<b>Open file…</b> (<b>Ctrl+O</b>) a SQLite file, or <b>Add…</b> "
                       "(<b>Ctrl+Shift+N</b>) a SQLite, PostgreSQL or MySQL connection.<br><br>"
                       "Then double-click a table in the schema tree, or press <b>Ctrl+T</b> for "
                       "a SQL editor."));
    m_tabArea->addWidget(m_hint);
    m_tabArea->addWidget(m_tabs);
    m_split->addWidget(m_tabArea);
    m_split->setStretchFactor(1, 4);
    m_split->setSizes({340, 900});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(newSql, &QToolButton::clicked, this, [this] { newSqlTab(); });
    addShortcuts();
    setAcceptDrops(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &DatabaseWidget::closeTab);
    connect(m_tree, &QTreeView::doubleClicked, this, &DatabaseWidget::schemaActivated);
    connect(m_tree, &QTreeView::customContextMenuRequested, this,
            &DatabaseWidget::schemaContextMenu);
    connect(m_connections, &ConnectionsView::openRequested, this,
            [this](const dbx::ConnectionProfile &p, const QString &pw) { openProfile(p, pw); });
    connect(m_connections, &ConnectionsView::openFileRequested, this,
            &DatabaseWidget::chooseSqliteFile);
    connect(m_connections, &ConnectionsView::message, this,
            [this](const QString &text) { setStatus(text, true); });

    QString reason;
    const QString file = engineFile(m_context, &reason);
    m_connections->setEngineFile(file, reason);

    if (m_context) {
        auto settings = m_context->settings(kPluginId);
        const QList<QVariant> sizes = settings.value(QStringLiteral("splitter")).toList();
        if (sizes.size() == 2)
            m_split->setSizes({sizes[0].toInt(), sizes[1].toInt()});
        const QString last = settings.value(QStringLiteral("connection")).toString();
        // Reopen the connection of the last session, with its tabs (restoreTabs).
        if (last.startsWith(kFilePrefix)) {
            m_restoring = true;
            openSqliteFile(last.mid(kFilePrefix.size()));
        } else if (auto p = m_connections->profile(last)) {
            m_restoring = true;
            m_connections->connectTo(last);
        }
    }
}

DatabaseWidget::~DatabaseWidget()
{
    saveState();
    delete m_scenes;
    // Tabs hold row sources and runners on m_db; they go before it.
    while (m_tabs->count() > 0) {
        QWidget *w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
}

void DatabaseWidget::updateEmptyState()
{
    m_tabArea->setCurrentWidget(m_tabs->count() > 0 ? static_cast<QWidget *>(m_tabs) : m_hint);
    if (m_db)
        m_hint->setText(tr("Connected to <b>%1</b>.<br><br>Double-click a table in the schema "
                           "tree to browse it, or press <b>Ctrl+T</b> for a SQL editor.")
                            .arg(m_profile.name.toHtmlEscaped()));
}

QString DatabaseWidget::statusText() const
{
    return m_status->text();
}

void DatabaseWidget::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #cf222e;")
                                  : QStringLiteral("color: palette(placeholder-text);"));
}

void DatabaseWidget::addShortcuts()
{
    const auto add = [this](QKeySequence keys, auto slot) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    add(QKeySequence(Qt::CTRL | Qt::Key_T), [this] { newSqlTab(); });
    add(QKeySequence(Qt::CTRL | Qt::Key_W), [this] { closeTab(m_tabs->currentIndex()); });
    add(QKeySequence(Qt::CTRL | Qt::Key_O), [this] { chooseSqliteFile(); });
    add(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { m_connections->addConnection(); });
    add(QKeySequence(Qt::Key_F5), [this] { reloadSchema(); });
}

void DatabaseWidget::chooseSqliteFile()
{
    auto *dialog =
        new QFileDialog(this, tr("Open SQLite file"), QFileInfo(m_profile.path).path(),
                        tr("SQLite files (*.db *.sqlite *.sqlite3 *.db3);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openSqliteDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    connect(dialog, &QFileDialog::fileSelected, this, &DatabaseWidget::openSqliteFile);
    dialog->open();
}

void DatabaseWidget::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void DatabaseWidget::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openSqliteFile(urls.first().toLocalFile());
}

void DatabaseWidget::openSqliteFile(const QString &path)
{
    // A file already in the list opens through its profile (which says when the file is gone).
    if (const auto *known = m_connections->profiles().findFile(path)) {
        m_connections->connectTo(known->id);
        return;
    }
    // Not listed yet: it becomes a profile once it opened (onOpened), so a typo or a file that
    // is not a database leaves no entry behind.
    auto p = dbx::ConnectionProfile::make(dbx::Driver::Sqlite, QFileInfo(path).fileName());
    p.id = kFilePrefix + path;
    p.path = path;
    openProfile(p, {});
}

void DatabaseWidget::openProfile(const dbx::ConnectionProfile &profile, const QString &password)
{
    setStatus(tr("Connecting to %1…").arg(profile.name));
    dbx::openProfileAsync(this, profile, password,
                          [this, profile](Result<std::shared_ptr<store::Database>> db) {
                              if (!db) {
                                  m_restoring = false;
                                  setStatus(db.error().message, true);
                                  emit openFailed(db.error().message);
                                  return;
                              }
                              onOpened(profile, *db);
                          });
}

void DatabaseWidget::closeConnection()
{
    if (!m_restoring)
        saveState();
    while (m_tabs->count() > 0) {
        QWidget *w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
    m_schema->setSchema({});
    m_db.reset();
    updateEmptyState();
}

void DatabaseWidget::onOpened(const dbx::ConnectionProfile &profile,
                              std::shared_ptr<store::Database> db)
{
    const bool restoring = m_restoring;
    closeConnection();
    m_db = std::move(db);
    m_profile = profile;
    if (profile.id.startsWith(kFilePrefix)) {
        // An opened file joins the list, like DB Browser's recent files.
        auto saved = m_connections->rememberFile(profile.path);
        if (saved)
            m_profile = *saved;
        else
            setStatus(tr("The file was not added to the list: %1").arg(saved.error().message),
                      true);
    }
    m_connections->setOpenId(m_profile.id);
    setStatus(tr("Connected: %1").arg(m_profile.summary()));
    if (m_context)
        m_context->settings(kPluginId).setValue(QStringLiteral("connection"), m_profile.id);
    reloadSchema();
    updateEmptyState();
    if (restoring)
        restoreTabs();
    m_restoring = false;
    emit opened();
}

void DatabaseWidget::reloadSchema()
{
    if (!m_db)
        return;
    m_schemaPending = true;
    auto db = m_db;
    dbx::loadSchemaTree(this, db, [this, db](Result<dbx::SchemaTree> tree) {
        if (db != m_db)
            return; // another connection opened meanwhile
        m_schemaPending = false;
        if (!tree) {
            setStatus(tr("Schema: %1").arg(tree.error().message), true);
            return;
        }
        m_schema->setSchema(*tree);
        m_tree->expandToDepth(1);
        (void)m_db->reloadSchema(); // RowSource reads the store's snapshot
        updateCompletions();
        emit schemaLoaded();
    });
}

void DatabaseWidget::updateCompletions()
{
    const QStringList tables = m_schema->tableNames();
    const auto columns = m_schema->columnsByTable();
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *sql = qobject_cast<SqlTab *>(m_tabs->widget(i)))
            sql->editor()->completion().setSchema(tables, columns);
}

TableTab *DatabaseWidget::openTable(const QString &table)
{
    if (!m_db)
        return nullptr;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<TableTab *>(m_tabs->widget(i));
        if (tab && tab->tableName() == table) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    auto tab = TableTab::open(m_db, table);
    if (!tab) {
        setStatus(tab.error().message, true);
        return nullptr;
    }
    const int index = m_tabs->addTab(*tab, table);
    m_tabs->setTabToolTip(index, tr("%1 · %2").arg(table, m_profile.name));
    m_tabs->setCurrentIndex(index);
    updateEmptyState();
    saveState();
    return *tab;
}

SqlTab *DatabaseWidget::newSqlTab(const QString &text)
{
    if (!m_db) {
        setStatus(tr("Open a connection first: SQL runs against it."), true);
        return nullptr;
    }
    auto *tab = new SqlTab(m_db, &m_history, m_profile.name);
    tab->editor()->setPlainText(text);
    tab->editor()->completion().setSchema(m_schema->tableNames(), m_schema->columnsByTable());
    int n = 1;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (qobject_cast<SqlTab *>(m_tabs->widget(i)))
            ++n;
    const int index = m_tabs->addTab(tab, tr("SQL %1").arg(n));
    m_tabs->setCurrentIndex(index);
    updateEmptyState();
    tab->editor()->setFocus();
    connect(tab, &SqlTab::schemaChanged, this, &DatabaseWidget::reloadSchema);
    // The text survives a restart; written a moment after typing stops.
    auto *saver = new QTimer(tab);
    saver->setSingleShot(true);
    saver->setInterval(1000);
    connect(saver, &QTimer::timeout, this, &DatabaseWidget::saveState);
    connect(tab->editor(), &QPlainTextEdit::textChanged, saver, qOverload<>(&QTimer::start));
    saveState();
    return tab;
}

void DatabaseWidget::closeTab(int index)
{
    QWidget *w = m_tabs->widget(index);
    if (!w)
        return;
    m_tabs->removeTab(index);
    delete w;
    updateEmptyState();
    saveState();
}

void DatabaseWidget::saveState() const
{
    if (!m_context || m_restoring)
        return;
    auto settings = m_context->settings(kPluginId);
    const QList<int> sizes = m_split->sizes();
    settings.setValue(QStringLiteral("splitter"), QVariantList{sizes.value(0), sizes.value(1)});
    if (!m_db)
        return;
    QVariantList tabs;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *table = qobject_cast<TableTab *>(m_tabs->widget(i)))
            tabs << QVariantMap{{QStringLiteral("kind"), QStringLiteral("table")},
                                {QStringLiteral("table"), table->tableName()}};
        else if (auto *sql = qobject_cast<SqlTab *>(m_tabs->widget(i)))
            tabs << QVariantMap{{QStringLiteral("kind"), QStringLiteral("sql")},
                                {QStringLiteral("text"), sql->editor()->toPlainText()}};
    }
    settings.setValue(QStringLiteral("tabs"), tabs);
    settings.setValue(QStringLiteral("currentTab"), m_tabs->currentIndex());
}

void DatabaseWidget::restoreTabs()
{
    if (!m_context)
        return;
    auto settings = m_context->settings(kPluginId);
    const QVariantList tabs = settings.value(QStringLiteral("tabs")).toList();
    for (const QVariant &v : tabs) {
        const QVariantMap tab = v.toMap();
        if (tab.value(QStringLiteral("kind")) == QLatin1String("table"))
            openTable(tab.value(QStringLiteral("table")).toString());
        else
            newSqlTab(tab.value(QStringLiteral("text")).toString());
    }
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("currentTab"), 0).toInt());
}

void DatabaseWidget::schemaActivated(const QModelIndex &index)
{
    const auto kind =
        SchemaTreeModel::Kind(index.siblingAtColumn(0).data(SchemaTreeModel::KindRole).toInt());
    if (kind == SchemaTreeModel::Kind::Table || kind == SchemaTreeModel::Kind::View)
        openTable(index.siblingAtColumn(0).data(SchemaTreeModel::TableRole).toString());
}

int DatabaseWidget::screenshotSceneCount() const
{
    return int(ScreenshotScenes::names().size());
}

QString DatabaseWidget::prepareScreenshotScene(int index)
{
    if (!m_scenes)
        m_scenes = new ScreenshotScenes(*this);
    return m_scenes->prepare(index) ? ScreenshotScenes::names().value(index) : QString();
}

bool DatabaseWidget::screenshotSceneReady()
{
    return m_scenes && m_scenes->isReady();
}

QString DatabaseWidget::screenshotSceneProblem() const
{
    return m_scenes ? m_scenes->problem() : QString();
}

} // namespace bb::plugins::database
