#include "dbx/import_export_job.h"
#include <QThread>

namespace bb::dbx {

TransferJob::TransferJob(Work work, QObject *parent, int progressMs)
    : QObject(parent)
    , m_control(std::make_shared<TransferControl>())
{
    m_timer.setInterval(progressMs);
    connect(&m_timer, &QTimer::timeout, this, &TransferJob::report);
    // The work and its outcome stay alive through the thread even if this object goes first.
    auto control = m_control;
    auto outcome = std::make_shared<std::optional<Result<TransferResult>>>();
    m_thread = QThread::create([control, outcome, work = std::move(work)] {
        try {
            outcome->emplace(work(*control));
        } catch (...) {
            // Exceptions do not cross threads; the empty outcome reports it below.
        }
    });
    m_thread->setObjectName(QStringLiteral("bb-dbx-transfer"));
    connect(m_thread, &QThread::finished, this, [this, outcome] {
        m_timer.stop();
        m_running = false;
        report();
        const bool cancelled = m_control->isCancelled();
        if (!*outcome)
            emit finished(false, false, 0, QStringLiteral("the transfer failed unexpectedly"));
        else if (outcome->value().ok())
            emit finished(true, false, outcome->value()->rows, QString());
        else
            emit finished(false, cancelled, m_control->rows.load(),
                          cancelled ? QStringLiteral("cancelled")
                                    : outcome->value().error().message);
    });
    m_timer.start();
    m_thread->start();
}

TransferJob::~TransferJob()
{
    m_control->cancelled = true;
    m_thread->disconnect(this);
    m_thread->wait();
    delete m_thread;
}

void TransferJob::cancel()
{
    m_control->cancelled = true;
}

void TransferJob::report()
{
    emit progress(m_control->rows.load(), m_control->bytes.load(), m_control->totalBytes.load());
}

} // namespace bb::dbx
