// Test support — answering the Access panel's dialogs the way a person would.
#pragma once

#include "dialogs.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTest>

namespace bbtest {

/// Waits for a dialog of type T named `name` among the children of `root` and returns it.
template<typename T> T *waitForDialog(QWidget *root, const QString &name, int timeoutMs = 5000)
{
    T *found = nullptr;
    QTest::qWaitFor(
        [&] {
            for (T *d : root->findChildren<T *>(name)) {
                if (d->isVisible()) {
                    found = d;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

/// Clicks the confirm button of the open confirmation; false when none appeared.
inline bool confirm(QWidget *root, QString *text = nullptr)
{
    auto *box = waitForDialog<QMessageBox>(root, QStringLiteral("accessConfirm"));
    if (!box)
        return false;
    if (text)
        *text = box->text();
    auto *yes = box->findChild<QAbstractButton *>(QStringLiteral("confirmButton"));
    if (!yes)
        return false;
    QPointer<QMessageBox> guard(box);
    QTest::mouseClick(yes, Qt::LeftButton);
    // It deletes itself on close; make sure it is gone before the next one is looked for.
    return QTest::qWaitFor([&] { return guard.isNull() || !guard->isVisible(); }, 3000);
}

/// Reads and closes the one-time secret dialog; empty when none appeared.
inline QString takeSecret(QWidget *root)
{
    auto *d =
        waitForDialog<bb::plugins::access::SecretDialog>(root, QStringLiteral("secretDialog"));
    if (!d)
        return {};
    const QString secret = d->secret();
    QTest::mouseClick(d->copyButton(), Qt::LeftButton);
    const bool copied = QApplication::clipboard()->text() == secret;
    QPointer<QDialog> guard(d);
    d->reject();
    QTest::qWaitFor([&] { return guard.isNull() || !guard->isVisible(); }, 3000);
    return copied ? secret : QStringLiteral("<copy failed>");
}

} // namespace bbtest
