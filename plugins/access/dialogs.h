// bb::plugins::access — the panel's small dialogs: confirm a destructive step, show a secret once.
#pragma once

#include <QDialog>

#include <functional>

class QLineEdit;
class QPushButton;
class QLabel;

namespace bb::plugins::access {

/// Asks before a destructive step; `onConfirm` runs only on the explicit confirm button.
/// Window-modal and asynchronous (open(), not exec()), so nothing blocks the event loop while
/// it waits and tests can answer it like a person would.
void confirmThen(QWidget *parent, const QString &title, const QString &text,
                 const QString &confirmLabel, std::function<void()> onConfirm);

/// Shows a secret the server gives only once (a generated password, a new API key), with a
/// Copy button. Deletes itself when closed.
class SecretDialog : public QDialog {
    Q_OBJECT
public:
    SecretDialog(const QString &title, const QString &explanation, const QString &secret,
                 QWidget *parent = nullptr);

    QString secret() const;
    QPushButton *copyButton() const { return m_copy; }

    /// Creates, opens and returns one.
    static SecretDialog *showSecret(QWidget *parent, const QString &title,
                                    const QString &explanation, const QString &secret);

private:
    QLineEdit *m_field;
    QPushButton *m_copy;
    QLabel *m_feedback;
};

} // namespace bb::plugins::access
