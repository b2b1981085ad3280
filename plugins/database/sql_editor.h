// bb::plugins::database — the SQL text edit: highlighting (code_highlighter.h), table/column
// completion in a popup (Ctrl+Space, or by itself after two letters or a `name.`), and an error
// underlined where the driver placed it.
#pragma once

#include "sql_completion.h"

#include <QPlainTextEdit>

class QCompleter;
class QStringListModel;

namespace bb::plugins::database {

class SqlEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    SqlCompletion &completion() { return m_completion; }
    QCompleter *completer() const { return m_completer; }
    /// Opens the completion popup for the word at the cursor; false when nothing matches.
    bool showCompletions();

    /// Underlines the token at `offset` (to the end of its word, at least one character) in red
    /// with `message` as its tooltip; -1 clears.
    void markError(int offset, const QString &message);
    int errorOffset() const { return m_errorOffset; }
    QString errorMessage() const { return m_errorMessage; }

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    void insertCompletion(const QString &completion);

    SqlCompletion m_completion;
    QCompleter *m_completer;
    QStringListModel *m_candidates;
    int m_prefixStart = 0;
    int m_errorOffset = -1;
    int m_errorLength = 0;
    QString m_errorMessage;
};

} // namespace bb::plugins::database
