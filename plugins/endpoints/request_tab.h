// bb::plugins::endpoints — one tab of the panel: a request editor above its response, and the
// send in flight. The tab knows which workspace request it edits (empty id = not saved yet).
#pragma once

#include "send_controller.h"

#include <QWidget>

class QSplitter;
class QStackedWidget;

namespace bb::plugins::endpoints {

class RequestEditor;
class ResponseView;

class RequestTab : public QWidget {
    Q_OBJECT
public:
    RequestTab(client::HttpClient *client, QWidget *parent = nullptr);

    QString requestId() const { return m_id; }
    void setRequestId(const QString &id) { m_id = id; }
    /// Tab label: the request's name, or its method and URL when it has none.
    QString title() const;

    RequestEditor *editor() const { return m_editor; }
    ResponseView *response() const { return m_response; }
    SendController *sender() const { return m_sender; }
    QSplitter *splitter() const { return m_split; }

    /// The last finished send, if any.
    const std::optional<SendOutcome> &lastOutcome() const { return m_last; }

signals:
    void titleChanged();

protected:
    /// The first showing gives the response the larger share, whatever the initial size was.
    void showEvent(QShowEvent *event) override;

private:
    void onFinished(const SendOutcome &outcome);
    /// After the first response, shrinks the editor to about 30% unless the user moved the
    /// splitter: the response is then what matters.
    void giveResponseRoom();

    QString m_id;
    RequestEditor *m_editor = nullptr;
    ResponseView *m_response = nullptr;
    SendController *m_sender = nullptr;
    QSplitter *m_split = nullptr;
    std::optional<SendOutcome> m_last;
    bool m_sized = false;
    bool m_userSized = false;
    bool m_responseSized = false;
};

} // namespace bb::plugins::endpoints
