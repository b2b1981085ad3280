// bb::plugins::database — what the export and import dialogs show while a dbx::TransferJob runs,
// and how they go back to idle when it has finished.
#pragma once

class QLabel;
class QProgressBar;
class QPushButton;
class QString;

namespace bb::dbx {
class TransferJob;
}

namespace bb::plugins::database {

// The widgets a transfer dialog shows a job's state in.
struct TransferWidgets {
    QProgressBar *progress;
    QLabel *status;
    QPushButton *start;
    QPushButton *cancel;
};

// A job has started: the progress bar shows, Start is disabled, Close becomes Cancel and the
// status line says `status`.
void transferStarted(const TransferWidgets &w, const QString &status);

// `job` has finished: it is deleted later (its finished signal is still being delivered) and
// cleared, the progress bar hides, Start is enabled and Cancel becomes Close again. The status
// line is the caller's to set.
void transferFinished(dbx::TransferJob *&job, const TransferWidgets &w);

} // namespace bb::plugins::database
