// EndpointsWidget, continued: import into the workspace and export out of it (collections,
// history as HAR, a request as cURL). Split from endpoints_widget.cpp along that seam.
#include "endpoints_widget.h"

#include "history_har.h"
#include "import_export.h"
#include "request_editor.h"
#include "request_tab.h"
#include "workspace/curl.h"
#include "workspace/history_store.h"
#include "workspace/http_file.h"
#include "workspace/postman.h"
#include "workspace/workspace_store.h"
#include "workspace_sidebar.h"
#include "workspace_tree_model.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QTreeView>

namespace bb::plugins::endpoints {

QString EndpointsWidget::importReport(const workspace::ImportReport &report, bool showWarnings)
{
    if (!m_store)
        return {};
    auto id = m_store->importCollection(report.collection);
    if (!id) {
        showError(tr("Cannot import “%1”: %2").arg(report.collection.name, id.error().message));
        return {};
    }
    m_treeModel->reload();
    m_sidebar->select(*id);
    m_sidebar->tree()->expand(m_sidebar->proxy()->mapFromSource(m_treeModel->indexOf(*id)));
    if (showWarnings && !report.warnings.isEmpty())
        ImportWarningsDialog(report.collection.name, report.warnings, this).exec();
    return *id;
}

void EndpointsWidget::importFromMenu(int formatValue)
{
    const auto format = ImportFormat(formatValue);
    Result<workspace::ImportReport> report = Error::internal({});
    if (format == ImportFormat::Curl) {
        CurlPasteDialog dialog(this);
        if (dialog.exec() != QDialog::Accepted || dialog.command().trimmed().isEmpty())
            return;
        report = importData(format, dialog.command().toUtf8(), tr("Pasted cURL"));
        if (report && report->collection.root.requests.size() == 1 && report->warnings.isEmpty()) {
            // One pasted command is a request to try, not a collection to file away.
            openNew(report->collection.root.requests.first());
            return;
        }
    } else {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import a %1").arg(importFormatName(format)),
                                         QDir::homePath(), importFormatFilter(format));
        if (path.isEmpty())
            return;
        report = importFile(format, path);
    }
    if (!report) {
        showError(tr("Import failed: %1").arg(report.error().message));
        return;
    }
    importReport(*report);
}

namespace {

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

void EndpointsWidget::exportCollection(bool postman)
{
    if (!m_store)
        return;
    const QString id = workspace::WorkspaceStore::collectionIdOf(m_sidebar->currentId());
    if (id.isEmpty()) {
        showError(tr("Select a collection (or something in it) in the tree first."));
        return;
    }
    auto collection = m_store->collection(id);
    if (!collection) {
        showError(collection.error().message);
        return;
    }
    const QString suffix =
        postman ? QStringLiteral(".postman_collection.json") : QStringLiteral(".http");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export “%1”").arg(collection->name),
        QDir::home().filePath(collection->name + suffix),
        postman ? tr("Postman collections (*.json)") : tr("HTTP files (*.http)"));
    if (path.isEmpty())
        return;
    const QByteArray data = postman ? workspace::exportPostman(*collection)
                                    : workspace::exportHttpFile(*collection).toUtf8();
    QString error;
    if (!writeFile(path, data, &error))
        showError(tr("Cannot write %1: %2").arg(path, error));
}

void EndpointsWidget::exportHistoryHar()
{
    if (!m_history || m_history->size() == 0) {
        showError(tr("Nothing to export yet: the history is empty."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the history"), QDir::home().filePath(QStringLiteral("history.har")),
        tr("HTTP archives (*.har)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!writeFile(path, historyAsHar(*m_history), &error))
        showError(tr("Cannot write %1: %2").arg(path, error));
}

bool EndpointsWidget::copyCurrentAsCurl()
{
    RequestTab *tab = currentTab();
    if (!tab)
        return false;
    QApplication::clipboard()->setText(workspace::exportCurl(tab->editor()->request()));
    return true;
}

} // namespace bb::plugins::endpoints
