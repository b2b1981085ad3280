// bb::plugins::endpoints — the Body tab: one page per body kind (none, raw, urlencoded,
// multipart, binary file, GraphQL), editing a workspace::Body.
#pragma once

#include "workspace/request.h"

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;

namespace bb::plugins::endpoints {

class FormFieldModel;
class KeyValueModel;

class BodyEditor : public QWidget {
    Q_OBJECT
public:
    explicit BodyEditor(QWidget *parent = nullptr);

    void setBody(const workspace::Body &body);
    workspace::Body body() const;

    /// The GraphQL query editor, for a completer to attach to.
    QPlainTextEdit *graphQlEditor() const { return m_graphQl; }

    /// Shows how loading the GraphQL schema went (next to the "Load schema" button).
    void setSchemaStatus(const QString &text);

signals:
    void edited();
    /// The user asked for the GraphQL schema (field completion) of the request's endpoint.
    void schemaRequested();

private:
    void showKind(workspace::Body::Kind kind);
    void pickMultipartFile();
    void pickBinaryFile();

    QButtonGroup *m_kinds = nullptr;
    QStackedWidget *m_pages = nullptr;
    QComboBox *m_rawType = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    KeyValueModel *m_urlEncoded = nullptr;
    FormFieldModel *m_multipart = nullptr;
    QLineEdit *m_file = nullptr;
    QPlainTextEdit *m_graphQl = nullptr;
    QPlainTextEdit *m_graphQlVariables = nullptr;
    QLabel *m_schemaStatus = nullptr;
    bool m_loading = false;
};

} // namespace bb::plugins::endpoints
