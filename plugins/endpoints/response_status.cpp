#include "response_status.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace bb::plugins::endpoints {

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QString formatMicros(qint64 micros)
{
    if (micros < 0)
        return QStringLiteral("–");
    if (micros < 1000)
        return QStringLiteral("%1 µs").arg(micros);
    if (micros < 1'000'000)
        return QStringLiteral("%1 ms").arg(micros / 1000);
    return QStringLiteral("%1 s").arg(double(micros) / 1e6, 0, 'f', 2);
}

ResponseStatus::ResponseStatus(QWidget *parent)
    : QWidget(parent)
{
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("responseStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("responseTime"));
    m_size = new QLabel(this);
    m_size->setObjectName(QStringLiteral("responseSize"));
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("responseNote"));
    m_note->setEnabled(false);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(16);
    layout->addWidget(m_status);
    layout->addWidget(m_time);
    layout->addWidget(m_size);
    layout->addStretch(1);
    layout->addWidget(m_note);
    clear();
}

void ResponseStatus::clear()
{
    m_status->setText(tr("Response"));
    m_status->setStyleSheet({});
    m_time->clear();
    m_size->clear();
    m_note->setText(tr("Send the request (Ctrl+Enter) to see the response here"));
}

void ResponseStatus::showRunning()
{
    m_status->setText(tr("Sending…"));
    m_status->setStyleSheet({});
    m_time->clear();
    m_size->clear();
    m_note->setText(tr("Esc cancels"));
}

void ResponseStatus::showResponse(const client::HttpResponse &r)
{
    QString color = QStringLiteral("#808080");
    QString text;
    if (r.cancelled) {
        text = tr("Cancelled");
    } else if (!r.ok() && r.status == 0) {
        text = tr("Failed: %1").arg(r.error);
        color = QStringLiteral("#d03b3b");
    } else {
        text = QString::number(r.status);
        if (r.status >= 200 && r.status < 300)
            color = QStringLiteral("#2e9d5b");
        else if (r.status >= 300 && r.status < 400)
            color = QStringLiteral("#2f6fd6");
        else if (r.status >= 400 && r.status < 500)
            color = QStringLiteral("#d98c12");
        else if (r.status >= 500)
            color = QStringLiteral("#d03b3b");
        if (!r.ok())
            text += QStringLiteral(" — ") + r.error;
    }
    m_status->setText(text);
    m_status->setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: bold; }").arg(color));
    m_time->setText(r.timings.totalUs >= 0 ? formatMicros(r.timings.totalUs) : QString());
    m_size->setText(r.status > 0 ? formatBytes(r.bodySize) : QString());
    m_note->clear();
}

void ResponseStatus::showError(const QString &message)
{
    m_status->setText(tr("Not sent: %1").arg(message));
    m_status->setStyleSheet(QStringLiteral("QLabel { color: #d03b3b; font-weight: bold; }"));
    m_time->clear();
    m_size->clear();
    m_note->clear();
}

void ResponseStatus::setNote(const QString &note)
{
    m_note->setText(note);
}

QString ResponseStatus::statusText() const
{
    return m_status->text();
}

} // namespace bb::plugins::endpoints
