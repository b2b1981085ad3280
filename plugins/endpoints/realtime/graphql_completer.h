// Field completion for a GraphQL query typed in a QPlainTextEdit: fetches the schema by
// introspection through the endpoint tester's HTTP client, then pops a QCompleter with the
// fields valid at the cursor on Ctrl+Space and after '{', a space or a new line.
#pragma once

#include "client/graphql_schema.h"
#include "client/http_types.h"

#include <QObject>

#include <optional>

class QCompleter;
class QPlainTextEdit;
class QStringListModel;

namespace bb::client {
class HttpClient;
}

namespace bb::endpoints {

class GraphQlCompleter : public QObject {
    Q_OBJECT
public:
    /// Attaches to editor; client sends the introspection request and must outlive this.
    GraphQlCompleter(QPlainTextEdit *editor, client::HttpClient *client, QObject *parent = nullptr);

    /// POSTs the introspection query to url with headers (auth); schemaLoaded or schemaFailed
    /// follows. transport carries TLS/proxy options; its method, URL, body are replaced.
    void fetchSchema(const QString &url, const client::HeaderList &headers = {},
                     const client::HttpRequest &transport = {});
    void setSchema(const client::GraphQlSchema &schema);
    bool hasSchema() const { return m_schema.has_value(); }
    const client::GraphQlSchema *schema() const { return m_schema ? &*m_schema : nullptr; }

    /// Shows the popup for the cursor's position; false when nothing fits there.
    bool complete();
    QCompleter *completer() const { return m_completer; }

signals:
    void schemaLoaded();
    void schemaFailed(const QString &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onContentsChange(int position, int removed, int added);
    void insertCompletion(const QString &completion);
    QString wordBeforeCursor() const;

    QPlainTextEdit *m_editor;
    client::HttpClient *m_client;
    QCompleter *m_completer;
    QStringListModel *m_model;
    std::optional<client::GraphQlSchema> m_schema;
    bool m_inserting = false;
};

} // namespace bb::endpoints
