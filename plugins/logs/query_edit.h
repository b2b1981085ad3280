// bb::plugins::logs — the structured query box: completes field names (as discovered from the
// lines) and level literals, and underlines a syntax error at its position.
#pragma once

#include <QLineEdit>

class QCompleter;
class QStringListModel;

namespace bb::plugins::logs {

class QueryEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit QueryEdit(QWidget *parent = nullptr);

    /// Field names offered while typing a field (the fixed ones are always there).
    void setFieldNames(const QStringList &names);
    QStringList completions() const;
    /// Marks the error at a 0-based character position (tooltip: the message); -1 clears it.
    void setError(int position, const QString &message);
    int errorPosition() const { return m_errorPos; }
    QString errorMessage() const { return m_errorMessage; }
    QCompleter *fieldCompleter() const { return m_completer; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    /// The word being typed (letters, digits, dots, _, @) before the cursor.
    QString wordBeforeCursor(int *start) const;
    void updateCompletion();
    void insertCompletion(const QString &completion);

    QCompleter *m_completer;
    QStringListModel *m_words;
    QStringList m_fields;
    int m_errorPos = -1;
    QString m_errorMessage;
};

} // namespace bb::plugins::logs
