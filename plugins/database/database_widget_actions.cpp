// DatabaseWidget's actions on schema objects: the REST endpoint in the tester, DDL, import and
// export, and the schema tree's context menu that offers them.
#include "database_widget.h"

#include "dbx/ddl.h"
#include "engine/engine_controller.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "schema_tree_model.h"
#include "shell/shell_context.h"
#include "sql_editor.h"
#include "table_tab.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace bb::plugins::database {

QString DatabaseWidget::restEndpointProblem(const QString &table) const
{
    if (!m_context)
        return tr("No shell: cross-panel actions are unavailable");
    if (!m_context->hasAction(QStringLiteral("openInTester")))
        return tr("No panel provides \"openInTester\" (the Endpoints panel is not loaded)");
    if (m_profile.driver != dbx::Driver::EngineSqlite)
        return tr("Only the embedded engine's tables are REST resources");
    if (table.startsWith(QLatin1Char('_')))
        return tr("System tables are not exposed as REST resources");
    engine::EngineController *engine = m_context->engine();
    if (!engine || engine->baseUrl().isEmpty())
        return tr("The engine is not running: start it in the Server panel");
    return {};
}

bool DatabaseWidget::openRestEndpoint(const QString &table, QString *reason)
{
    const QString problem = restEndpointProblem(table);
    if (!problem.isEmpty()) {
        if (reason)
            *reason = problem;
        return false;
    }
    QUrl url = m_context->engine()->baseUrl();
    url.setPath(QStringLiteral("/api/v1/") + table);
    QVariantMap headers;
    const QString token = m_context->accessToken();
    if (!token.isEmpty())
        headers.insert(QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token);
    return m_context->invoke(QStringLiteral("openInTester"),
                             {{QStringLiteral("method"), QStringLiteral("GET")},
                              {QStringLiteral("url"), url.toString()},
                              {QStringLiteral("name"), QStringLiteral("GET %1").arg(table)},
                              {QStringLiteral("headers"), headers}},
                             reason);
}

void DatabaseWidget::showDdl(const QModelIndex &schemaNode)
{
    if (!m_db)
        return;
    const QModelIndex n = schemaNode.siblingAtColumn(0);
    const auto kind = SchemaTreeModel::Kind(n.data(SchemaTreeModel::KindRole).toInt());
    dbx::ObjectRef ref;
    ref.schema = n.data(SchemaTreeModel::SchemaRole).toString();
    ref.name = n.data(Qt::DisplayRole).toString();
    switch (kind) {
    case SchemaTreeModel::Kind::Table:
        ref.kind = dbx::ObjectKind::Table;
        break;
    case SchemaTreeModel::Kind::View:
        ref.kind = dbx::ObjectKind::View;
        break;
    case SchemaTreeModel::Kind::Index:
        ref.kind = dbx::ObjectKind::Index;
        break;
    case SchemaTreeModel::Kind::Trigger:
        ref.kind = dbx::ObjectKind::Trigger;
        break;
    default:
        return;
    }
    dbx::loadObjectDdl(this, m_db, ref, [this, name = ref.name](Result<QString> ddl) {
        if (!ddl) {
            setStatus(tr("DDL of %1: %2").arg(name, ddl.error().message), true);
            return;
        }
        auto *dialog = new QDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setObjectName(QStringLiteral("ddlDialog"));
        dialog->setWindowTitle(tr("DDL of %1").arg(name));
        auto *text = new SqlEditor(dialog);
        text->setReadOnly(true);
        text->setPlainText(*ddl);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        auto *open = buttons->addButton(tr("Open in SQL editor"), QDialogButtonBox::ActionRole);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        connect(open, &QPushButton::clicked, this, [this, dialog, ddl = *ddl] {
            newSqlTab(ddl);
            dialog->accept();
        });
        auto *layout = new QVBoxLayout(dialog);
        layout->addWidget(text);
        layout->addWidget(buttons);
        dialog->resize(720, 420);
        dialog->show();
    });
}

void DatabaseWidget::exportTable(const QString &table)
{
    if (!m_db)
        return;
    auto *dialog = new ExportDialog(m_db, table, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void DatabaseWidget::importCsv(const QString &target)
{
    if (!m_db)
        return;
    // The tables with their columns: NOT NULL and defaults from the store's snapshot (the default
    // schema); tables of other schemas with their column names only.
    const auto snapshot = m_db->schema();
    const auto columns = m_schema->columnsByTable();
    QList<store::Table> tables;
    for (const QString &t : m_schema->tableNames()) {
        const QModelIndex node = m_schema->indexOfTable(t);
        if (!node.isValid() ||
            SchemaTreeModel::Kind(node.data(SchemaTreeModel::KindRole).toInt()) !=
                SchemaTreeModel::Kind::Table)
            continue;
        if (const store::Table *known = snapshot ? snapshot->table(t) : nullptr) {
            tables << *known;
            continue;
        }
        store::Table named;
        named.name = t;
        for (const QString &c : columns.value(t))
            named.columns.append(store::Column{.name = c});
        tables << named;
    }
    auto *dialog = new ImportDialog(m_db, tables, target, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::done, this, [this](bool ok, const QString &table) {
        if (!ok)
            return;
        reloadSchema();
        // An open grid of that table re-reads its rows.
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto *tab = qobject_cast<TableTab *>(m_tabs->widget(i));
                tab && tab->tableName() == table)
                tab->sortBy(-1, Qt::AscendingOrder);
    });
    dialog->show();
}

void DatabaseWidget::schemaContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos).siblingAtColumn(0);
    if (!index.isValid() || !m_db)
        return;
    const auto kind = SchemaTreeModel::Kind(index.data(SchemaTreeModel::KindRole).toInt());
    const QString table = index.data(SchemaTreeModel::TableRole).toString();
    const bool isTable = kind == SchemaTreeModel::Kind::Table;
    const bool isRelation = isTable || kind == SchemaTreeModel::Kind::View;
    QMenu menu(this);
    if (isRelation) {
        menu.addAction(tr("Open"), this, [this, table] { openTable(table); });
        menu.addAction(tr("Query in SQL editor"), this, [this, table] {
            newSqlTab(QStringLiteral("SELECT * FROM %1 LIMIT 100;").arg(table));
        });
    }
    if (isRelation || kind == SchemaTreeModel::Kind::Index ||
        kind == SchemaTreeModel::Kind::Trigger)
        menu.addAction(tr("Show DDL"), this, [this, index] { showDdl(index); });
    if (isRelation)
        menu.addAction(tr("Export…"), this, [this, table] { exportTable(table); });
    if (isTable || kind == SchemaTreeModel::Kind::Group || kind == SchemaTreeModel::Kind::Schema)
        menu.addAction(tr("Import CSV…"), this, [this, table] { importCsv(table); });
    if (isTable && m_profile.driver == dbx::Driver::EngineSqlite) {
        menu.addSeparator();
        QAction *rest = menu.addAction(tr("Open REST endpoint in tester"), this,
                                       [this, table] { openRestEndpoint(table); });
        const QString problem = restEndpointProblem(table);
        rest->setEnabled(problem.isEmpty());
        if (!problem.isEmpty()) {
            rest->setText(tr("Open REST endpoint in tester (%1)").arg(problem));
            rest->setToolTip(problem);
        }
    }
    menu.addSeparator();
    // The panel's F5 shortcut does this; the text after the tab is the menu's shortcut column.
    menu.addAction(tr("Refresh schema") + QStringLiteral("\tF5"), this,
                   &DatabaseWidget::reloadSchema);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace bb::plugins::database
