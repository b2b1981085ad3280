// EndpointsWidget, continued: the request tabs (opening, titling, closing, following renamed
// ids) and the open tabs saved and restored across restarts, history entries reopened as tabs.
// Split from endpoints_widget.cpp along that seam.
#include "endpoints_widget.h"

#include "endpoints_settings_p.h"

#include "auth_editor.h"
#include "body_editor.h"
#include "method_badge.h"
#include "request_editor.h"
#include "request_tab.h"
#include "send_controller.h"
#include "shell/shell_context.h"
#include "starter_workspace.h"
#include "workspace/history_store.h"
#include "workspace/workspace_store.h"

#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QStackedWidget>
#include <QTabWidget>

namespace bb::plugins::endpoints {

RequestTab *EndpointsWidget::tabAt(int index) const
{
    return qobject_cast<RequestTab *>(m_tabs->widget(index));
}

RequestTab *EndpointsWidget::currentTab() const
{
    return tabAt(m_tabs->currentIndex());
}

RequestTab *EndpointsWidget::addTab(const workspace::HttpRequest &request, const QString &id)
{
    auto *tab = new RequestTab(m_client.get(), m_tabs);
    tab->setRequestId(id);
    tab->editor()->setRequest(request, collectionSettingsFor(id));
    const int index = m_tabs->addTab(tab, QString());
    updateTabTitle(tab);
    connect(tab, &RequestTab::titleChanged, this, [this, tab] { updateTabTitle(tab); });
    connect(tab->editor(), &RequestEditor::sendRequested, this, [this, tab] { send(tab); });
    connect(tab->editor()->bodyEditor(), &BodyEditor::schemaRequested, this,
            [this, tab] { fetchSchema(tab); });
    tab->editor()->authEditor()->setTokenSourceAvailable(true);
    connect(tab->editor()->authEditor(), &AuthEditor::tokenRequested, this,
            [this, tab] { fetchToken(tab, false); });
    connect(tab->sender(), &SendController::finished, this,
            [this, tab](const SendOutcome &o) { onSendFinished(tab, o); });
    m_tabs->setCurrentIndex(index);
    updateEmptyState();
    refreshVariableLookups();
    if (!m_restoring)
        saveSession();
    tab->editor()->urlEdit()->setFocus();
    return tab;
}

RequestTab *EndpointsWidget::openRequest(const QString &id)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (tabAt(i) && tabAt(i)->requestId() == id) {
            m_tabs->setCurrentIndex(i);
            return tabAt(i);
        }
    }
    if (!m_store)
        return nullptr;
    auto request = m_store->request(id);
    if (!request) {
        showError(tr("Cannot open %1: %2").arg(id, request.error().message));
        return nullptr;
    }
    return addTab(*request, id);
}

RequestTab *EndpointsWidget::openNew(const workspace::HttpRequest &request)
{
    workspace::HttpRequest r = request;
    if (r.url.isEmpty() && r.name.isEmpty() && m_envCombo->currentText() == kLocalEnvironment)
        r.url = QStringLiteral("{{baseUrl}}/");
    RequestTab *tab = addTab(r, {});
    return tab;
}

void EndpointsWidget::updateTabTitle(RequestTab *tab)
{
    const int i = m_tabs->indexOf(tab);
    if (i < 0)
        return;
    const workspace::HttpRequest r = tab->editor()->request();
    QString title = tab->title();
    if (tab->editor()->isDirty() || tab->requestId().isEmpty())
        title = QStringLiteral("• ") + title;
    m_tabs->setTabText(i, title);
    m_tabs->setTabIcon(i, methodIcon(r.method));
    m_tabs->setTabToolTip(i, tab->requestId().isEmpty() ? tr("Not saved yet (Ctrl+S saves)")
                                                        : tab->requestId());
}

void EndpointsWidget::updateEmptyState()
{
    m_centre->setCurrentIndex(m_tabs->count() > 0 ? 1 : 0);
}

bool EndpointsWidget::closeTab(int index, bool ask)
{
    RequestTab *tab = tabAt(index);
    if (!tab) {
        // A WebSocket/SSE tab: its view closes its connection when destroyed.
        QWidget *w = m_tabs->widget(index);
        if (!w)
            return false;
        m_tabs->removeTab(index);
        w->deleteLater();
        updateEmptyState();
        return true;
    }
    if (ask && (tab->editor()->isDirty() ||
                (tab->requestId().isEmpty() && !tab->editor()->request().url.isEmpty()))) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("“%1” has changes that are not saved. Save them?").arg(tab->title()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel)
            return false;
        if (answer == QMessageBox::Save && !save(tab))
            return false;
    }
    tab->sender()->cancel();
    m_tabs->removeTab(m_tabs->indexOf(tab));
    tab->deleteLater();
    updateEmptyState();
    saveSession();
    return true;
}

void EndpointsWidget::followIds(const QString &oldId, const QString &newId)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        RequestTab *tab = tabAt(i);
        if (!tab)
            continue;
        const QString id = tab->requestId();
        if (id == oldId)
            tab->setRequestId(newId);
        else if (id.startsWith(oldId + QLatin1Char('/')))
            tab->setRequestId(newId + id.mid(oldId.size()));
        else
            continue;
        updateTabTitle(tab);
    }
    saveSession();
}

void EndpointsWidget::saveSession() const
{
    if (m_restoring || !m_store)
        return;
    QStringList ids;
    int active = -1;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QString id = tabAt(i) ? tabAt(i)->requestId() : QString();
        if (id.isEmpty())
            continue; // unsaved tabs have nothing on disk to come back to
        if (i == m_tabs->currentIndex())
            active = int(ids.size());
        ids.append(id);
    }
    auto settings = m_context.settings(kPluginId);
    settings.setValue(kTabsKey, ids);
    settings.setValue(kActiveKey, active);
}

void EndpointsWidget::restoreSession()
{
    auto settings = m_context.settings(kPluginId);
    const QStringList ids = settings.value(kTabsKey).toStringList();
    const int active = settings.value(kActiveKey, -1).toInt();
    m_restoring = true;
    QList<RequestTab *> opened;
    for (const QString &id : ids) {
        // A request deleted or renamed outside the app is skipped, not reported at start-up.
        if (m_store->node(id))
            opened.append(openRequest(id));
        else
            opened.append(nullptr);
    }
    if (active >= 0 && active < opened.size() && opened[active])
        m_tabs->setCurrentWidget(opened[active]);
    m_restoring = false;
    updateEmptyState();
}

RequestTab *EndpointsWidget::restoreHistory(int entryIndex)
{
    if (!m_history || entryIndex < 0 || entryIndex >= m_history->size())
        return nullptr;
    const workspace::HistoryEntry &e = m_history->entry(entryIndex);
    workspace::HttpRequest r = e.request;
    if (r.name.isEmpty())
        r.name = QStringLiteral("%1 %2").arg(r.method, QUrl(r.url).path());
    return openNew(r);
}

} // namespace bb::plugins::endpoints
