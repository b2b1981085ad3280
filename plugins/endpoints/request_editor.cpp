#include "request_editor.h"

#include "auth_editor.h"
#include "body_editor.h"
#include "key_value_model.h"
#include "row_table.h"
#include "settings_editor.h"
#include "url_query.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

namespace {
enum Tab { ParamsTab, HeadersTab, BodyTab, AuthTab, ScriptsTab, SettingsTab };

QPlainTextEdit *scriptEditor(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlaceholderText(placeholder);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

// Long forms (OAuth 2.0, settings) scroll instead of making the editor tall, so the response
// below keeps its room.
QWidget *scrollable(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

QWidget *titled(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *label = new QLabel(title, box);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}
} // namespace

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent)
{
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true); // custom methods (PROPFIND, PURGE, ...)
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_method->setMinimumContentsLength(7);
    m_url = new VariableLineEdit(this);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(tr("Enter a URL, e.g. {{baseUrl}}/api/v1/posts"));
    m_url->setClearButtonEnabled(true);
    m_send = new QPushButton(tr("Send"), this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the request (Ctrl+Enter)"));
    m_send->setMinimumWidth(m_send->fontMetrics().horizontalAdvance(tr("Cancel")) + 40);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_method);
    top->addWidget(m_url, 1);
    top->addWidget(m_send);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->setDocumentMode(true);
    m_params = new KeyValueModel(this);
    m_headers = new KeyValueModel(this);
    m_body = new BodyEditor(this);
    m_auth = new AuthEditor(this);
    m_settings = new SettingsEditor(this);
    m_tabs->addTab(new RowTable(
                       m_params, [this](int row) { m_params->removeItem(row); }, this),
                   tr("Params"));
    m_tabs->addTab(new RowTable(
                       m_headers, [this](int row) { m_headers->removeItem(row); }, this),
                   tr("Headers"));
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(scrollable(m_auth, this), tr("Auth"));
    auto *scripts = new QSplitter(Qt::Horizontal, this);
    m_preRequest = scriptEditor(QStringLiteral("preRequestScript"),
                                tr("// runs before sending, e.g.\n"
                                   "pm.environment.set(\"now\", Date.now());"),
                                scripts);
    m_tests = scriptEditor(QStringLiteral("testScript"),
                           tr("// runs on the response, e.g.\n"
                              "pm.test(\"ok\", () => pm.response.to.have.status(200));"),
                           scripts);
    scripts->addWidget(titled(tr("Pre-request"), m_preRequest, scripts));
    scripts->addWidget(titled(tr("Tests"), m_tests, scripts));
    m_tabs->addTab(scripts, tr("Scripts"));
    m_tabs->addTab(scrollable(m_settings, this), tr("Settings"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    connect(m_url, &QLineEdit::textChanged, this, &RequestEditor::onUrlEdited);
    connect(m_params, &KeyValueModel::edited, this, &RequestEditor::onParamsEdited);
    connect(m_method, &QComboBox::currentTextChanged, this, &RequestEditor::onAnyEdit);
    connect(m_headers, &KeyValueModel::edited, this, &RequestEditor::onAnyEdit);
    connect(m_body, &BodyEditor::edited, this, &RequestEditor::onAnyEdit);
    connect(m_auth, &AuthEditor::edited, this, &RequestEditor::onAnyEdit);
    connect(m_settings, &SettingsEditor::edited, this, &RequestEditor::onAnyEdit);
    connect(m_preRequest, &QPlainTextEdit::textChanged, this, &RequestEditor::onAnyEdit);
    connect(m_tests, &QPlainTextEdit::textChanged, this, &RequestEditor::onAnyEdit);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_running)
            emit cancelRequested();
        else
            emit sendRequested();
    });
    connect(m_url, &QLineEdit::returnPressed, this, [this] {
        if (!m_running)
            emit sendRequested();
    });
    auto *send = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    send->setContext(Qt::WidgetWithChildrenShortcut);
    connect(send, &QShortcut::activated, this, [this] {
        if (!m_running)
            emit sendRequested();
    });
    auto *sendEnter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    sendEnter->setContext(Qt::WidgetWithChildrenShortcut);
    connect(sendEnter, &QShortcut::activated, send, &QShortcut::activated);
    auto *cancel = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    cancel->setContext(Qt::WidgetWithChildrenShortcut);
    connect(cancel, &QShortcut::activated, this, [this] {
        if (m_running)
            emit cancelRequested();
    });
}

void RequestEditor::setRequest(const workspace::HttpRequest &request,
                               const workspace::RequestSettings &collectionSettings)
{
    m_loading = true;
    m_base = request;
    // Enabled params the source kept apart from the URL join it; disabled ones stay in the
    // table only, so the URL line always shows what is sent.
    QList<workspace::KeyValue> params = queryItems(request.url);
    QList<workspace::KeyValue> extra;
    QList<workspace::KeyValue> disabled;
    for (const workspace::KeyValue &kv : request.query)
        (kv.enabled ? extra : disabled).append(kv);
    QString url = request.url;
    if (!extra.isEmpty())
        url = withQueryItems(url, params + extra);
    m_method->setCurrentText(request.method);
    m_url->setText(url);
    m_params->setItems(queryItems(url) + disabled);
    m_headers->setItems(request.headers);
    m_body->setBody(request.body);
    m_auth->setAuth(request.auth);
    m_preRequest->setPlainText(request.preRequestScript);
    m_tests->setPlainText(request.testScript);
    m_settings->setSettings(request.settings, collectionSettings);
    m_loading = false;
    markSaved();
    updateTabCounts();
}

workspace::HttpRequest RequestEditor::request() const
{
    workspace::HttpRequest r = m_base;
    r.method = m_method->currentText().trimmed().toUpper();
    if (r.method.isEmpty())
        r.method = QStringLiteral("GET");
    r.url = m_url->text().trimmed();
    r.query.clear();
    for (const workspace::KeyValue &kv : m_params->items()) {
        if (!kv.enabled)
            r.query.append(kv);
    }
    r.headers = m_headers->items();
    r.body = m_body->body();
    r.auth = m_auth->auth();
    r.preRequestScript = m_preRequest->toPlainText();
    r.testScript = m_tests->toPlainText();
    r.settings = m_settings->settings();
    return r;
}

bool RequestEditor::isDirty() const
{
    return request() != m_saved;
}

void RequestEditor::markSaved()
{
    m_saved = request();
    m_base = m_saved;
    if (m_wasDirty) {
        m_wasDirty = false;
        emit dirtyChanged(false);
    }
}

void RequestEditor::setLookup(VariableLookup lookup)
{
    m_url->setLookup(std::move(lookup));
}

void RequestEditor::refreshVariables()
{
    m_url->refreshHighlight();
}

void RequestEditor::setRunning(bool running)
{
    m_running = running;
    m_send->setText(running ? tr("Cancel") : tr("Send"));
    m_send->setToolTip(running ? tr("Stop the request (Esc)")
                               : tr("Send the request (Ctrl+Enter)"));
}

void RequestEditor::onUrlEdited()
{
    if (m_syncing || m_loading)
        return;
    // The URL's own params replace the enabled rows; switched-off rows are not in the URL and
    // stay where they are.
    m_syncing = true;
    QList<workspace::KeyValue> rows = queryItems(m_url->text());
    for (const workspace::KeyValue &kv : m_params->items()) {
        if (!kv.enabled)
            rows.append(kv);
    }
    m_params->setItems(rows);
    m_syncing = false;
    onAnyEdit();
}

void RequestEditor::onParamsEdited()
{
    if (m_syncing || m_loading)
        return;
    m_syncing = true;
    m_url->setText(withQueryItems(m_url->text(), m_params->items()));
    m_syncing = false;
    onAnyEdit();
}

void RequestEditor::onAnyEdit()
{
    if (m_loading)
        return;
    updateTabCounts();
    emit edited();
    const bool dirty = isDirty();
    if (dirty != m_wasDirty) {
        m_wasDirty = dirty;
        emit dirtyChanged(dirty);
    }
}

void RequestEditor::updateTabCounts()
{
    auto label = [](const QString &name, qsizetype n) {
        return n > 0 ? QStringLiteral("%1 (%2)").arg(name).arg(n) : name;
    };
    qsizetype enabledHeaders = 0;
    for (const workspace::KeyValue &kv : m_headers->items())
        enabledHeaders += kv.enabled ? 1 : 0;
    m_tabs->setTabText(ParamsTab, label(tr("Params"), m_params->items().size()));
    m_tabs->setTabText(HeadersTab, label(tr("Headers"), enabledHeaders));
    const auto kind = m_body->body().kind;
    m_tabs->setTabText(BodyTab, kind == workspace::Body::Kind::None
                                    ? tr("Body")
                                    : tr("Body • %1").arg(workspace::bodyKindName(kind)));
    const auto auth = m_auth->auth().kind;
    m_tabs->setTabText(AuthTab, auth == workspace::Auth::Kind::None
                                    ? tr("Auth")
                                    : tr("Auth • %1").arg(workspace::authKindName(auth)));
}

} // namespace bb::plugins::endpoints
