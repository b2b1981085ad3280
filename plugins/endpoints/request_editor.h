// bb::plugins::endpoints — edits one workspace::HttpRequest: method, URL (with `{{variables}}`
// coloured), and the Params, Headers, Body, Auth, Scripts and Settings tabs. It never sends:
// it asks to (sendRequested) and shows whether a send is running, so it is testable offline.
#pragma once

#include "variable_line_edit.h"
#include "workspace/request.h"

#include <QWidget>

class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace bb::plugins::endpoints {

class AuthEditor;
class BodyEditor;
class KeyValueModel;
class SettingsEditor;

class RequestEditor : public QWidget {
    Q_OBJECT
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    /// Loads a request and makes it the unmodified state.
    void setRequest(const workspace::HttpRequest &request,
                    const workspace::RequestSettings &collectionSettings = {});
    /// The request as edited. Enabled query parameters live in the URL; disabled ones are kept
    /// in `query` so they survive a save.
    workspace::HttpRequest request() const;
    /// The edits since setRequest() or markSaved().
    bool isDirty() const;
    void markSaved();

    void setLookup(VariableLookup lookup);
    /// Re-colours the URL after the variables changed.
    void refreshVariables();
    /// Switches Send to Cancel while a send runs.
    void setRunning(bool running);
    bool isRunning() const { return m_running; }

    VariableLineEdit *urlEdit() const { return m_url; }
    QComboBox *methodCombo() const { return m_method; }
    QTabWidget *tabs() const { return m_tabs; }
    KeyValueModel *paramsModel() const { return m_params; }
    KeyValueModel *headersModel() const { return m_headers; }
    BodyEditor *bodyEditor() const { return m_body; }
    AuthEditor *authEditor() const { return m_auth; }
    SettingsEditor *settingsEditor() const { return m_settings; }
    QPushButton *sendButton() const { return m_send; }

signals:
    void edited();
    void dirtyChanged(bool dirty);
    void sendRequested();
    void cancelRequested();

private:
    void onUrlEdited();
    void onParamsEdited();
    void onAnyEdit();
    void updateTabCounts();

    workspace::HttpRequest m_base;  ///< fields without a widget (name, description, variables)
    workspace::HttpRequest m_saved; ///< request() right after loading or saving
    QComboBox *m_method = nullptr;
    VariableLineEdit *m_url = nullptr;
    QPushButton *m_send = nullptr;
    QTabWidget *m_tabs = nullptr;
    KeyValueModel *m_params = nullptr;
    KeyValueModel *m_headers = nullptr;
    BodyEditor *m_body = nullptr;
    AuthEditor *m_auth = nullptr;
    QPlainTextEdit *m_preRequest = nullptr;
    QPlainTextEdit *m_tests = nullptr;
    SettingsEditor *m_settings = nullptr;
    bool m_loading = false;
    bool m_syncing = false;
    bool m_running = false;
    bool m_wasDirty = false;
};

} // namespace bb::plugins::endpoints
