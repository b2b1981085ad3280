#include "transfer_progress.h"

#include "dbx/import_export_job.h"

#include <QCoreApplication>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace bb::plugins::database {

void transferStarted(const TransferWidgets &w, const QString &status)
{
    w.progress->show();
    w.start->setEnabled(false);
    w.cancel->setText(QCoreApplication::translate("TransferProgress", "Cancel"));
    w.status->setText(status);
}

void transferFinished(dbx::TransferJob *&job, const TransferWidgets &w)
{
    job->deleteLater();
    job = nullptr;
    w.progress->hide();
    w.start->setEnabled(true);
    w.cancel->setText(QCoreApplication::translate("TransferProgress", "Close"));
}

} // namespace bb::plugins::database
