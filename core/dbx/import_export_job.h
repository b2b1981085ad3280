// bb::dbx — what CSV import and export share: progress counters a GUI can poll, cancellation,
// and TransferJob, which runs one transfer on its own thread and reports on the GUI thread.
#pragma once
#include "common/result.h"
#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>

namespace bb::dbx {

/// Shared between the transfer (writer) and the GUI (reader); every field is atomic.
struct TransferControl {
    std::atomic<qint64> rows{0};        ///< rows read (import) or written (export) so far
    std::atomic<qint64> bytes{0};       ///< bytes of the CSV consumed, or of the file written
    std::atomic<qint64> totalBytes{-1}; ///< the CSV's size on import; -1 when unknown
    std::atomic<qint64> totalRows{-1};  ///< an estimate of the rows on export; -1 when unknown
    std::atomic<bool> cancelled{false};
    bool isCancelled() const { return cancelled.load(std::memory_order_relaxed); }
};

struct TransferResult {
    qint64 rows = 0;
    QString target; ///< the table imported into, or the file written
};

class TransferJob : public QObject {
    Q_OBJECT
public:
    using Work = std::function<Result<TransferResult>(TransferControl &)>;
    /// Starts `work` on a new thread at once. Progress is sampled every `progressMs`.
    explicit TransferJob(Work work, QObject *parent = nullptr, int progressMs = 100);
    /// Cancels and waits for the thread (a cancelled import rolls back first).
    ~TransferJob() override;

    void cancel();
    bool isRunning() const { return m_running; }
    const TransferControl &control() const { return *m_control; }

signals:
    /// Sampled while running, and once more at the end.
    void progress(qint64 rows, qint64 bytes, qint64 totalBytes);
    /// ok: `rows` rows; cancelled: rolled back / file not written; else `error`.
    void finished(bool ok, bool cancelled, qint64 rows, const QString &error);

private:
    void report();
    std::shared_ptr<TransferControl> m_control;
    class QThread *m_thread = nullptr;
    QTimer m_timer;
    bool m_running = true;
};

} // namespace bb::dbx
