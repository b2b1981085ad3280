// bb::plugins::endpoints — the Ctrl+F bar of the body view: text, case toggle, previous/next
// and the match count as the search streams in.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace bb::plugins::endpoints {

class FindBar : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(QWidget *parent = nullptr);

    QString text() const;
    bool caseSensitive() const;
    QLineEdit *edit() const { return m_edit; }
    void setCount(const QString &text);
    QString countText() const;
    /// Shows the bar and focuses the text, selected.
    void activate();

signals:
    /// The text or case toggle changed (debounced while typing).
    void searchChanged();
    void nextRequested();
    void previousRequested();
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QLineEdit *m_edit;
    QCheckBox *m_case;
    QLabel *m_count;
};

} // namespace bb::plugins::endpoints
