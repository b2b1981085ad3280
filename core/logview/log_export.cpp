#include "logview/log_export.h"

#include "logview/log_table_model.h"

#include <QElapsedTimer>
#include <QTimer>

namespace bb::logview {

namespace {
constexpr qint64 kSliceBudgetMs = 15;
}

LogExporter::LogExporter(LogTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{}

LogExporter::~LogExporter()
{
    if (m_file) {
        m_file->cancelWriting();
        m_model->setHeld(false);
    }
}

QByteArray LogExporter::csvField(const QString &value)
{
    QByteArray v = value.toUtf8();
    if (v.contains(',') || v.contains('"') || v.contains('\n') || v.contains('\r')) {
        v.replace("\"", "\"\"");
        v = '"' + v + '"';
    }
    return v;
}

bool LogExporter::start(const QString &path, ExportFormat format, QString *error,
                        const QStringList &csvFields)
{
    if (m_file) {
        *error = tr("An export is already running");
        return false;
    }
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, file->errorString());
        return false;
    }
    m_file = std::move(file);
    m_format = format;
    m_columns = {QStringLiteral("ts"), QStringLiteral("level"), QStringLiteral("msg"),
                 QStringLiteral("traceId")};
    const QStringList extra = csvFields.isEmpty() ? m_model->fields().names() : csvFields;
    for (const QString &f : extra) {
        if (!m_columns.contains(f))
            m_columns.append(f);
    }
    if (m_format == ExportFormat::Csv) {
        QByteArray header;
        for (const QString &c : m_columns)
            header += (header.isEmpty() ? "" : ",") + csvField(c);
        m_file->write(header + "\r\n");
    }
    // The rows must not move under the export: live lines wait until it is done.
    m_model->setHeld(true);
    m_next = 0;
    m_total = m_model->rowCount();
    QTimer::singleShot(0, this, &LogExporter::writeSlice);
    return true;
}

void LogExporter::cancel()
{
    if (!m_file)
        return;
    m_file->cancelWriting();
    end(tr("Export cancelled"));
}

void LogExporter::writeSlice()
{
    if (!m_file)
        return;
    QElapsedTimer clock;
    clock.start();
    QByteArray chunk;
    const int total = qMin(m_total, m_model->rowCount());
    while (m_next < total && clock.elapsed() < kSliceBudgetMs) {
        for (int i = 0; i < 256 && m_next < total; ++i, ++m_next) {
            const LogLine &line = m_model->lineAt(m_next);
            if (m_format == ExportFormat::JsonLines) {
                chunk += toJsonLine(line, m_model->fields());
                chunk += '\n';
                continue;
            }
            QByteArray row;
            for (int c = 0; c < m_columns.size(); ++c) {
                if (c)
                    row += ',';
                row += csvField(m_model->fieldText(line, m_columns[c]));
            }
            chunk += row + "\r\n";
        }
    }
    if (m_file->write(chunk) != chunk.size()) {
        const QString why = m_file->errorString();
        m_file->cancelWriting();
        end(tr("Writing failed: %1").arg(why));
        return;
    }
    emit progress(m_next, total);
    if (m_next < total) {
        QTimer::singleShot(0, this, &LogExporter::writeSlice);
        return;
    }
    if (!m_file->commit()) {
        end(tr("Saving failed: %1").arg(m_file->errorString()));
        return;
    }
    end({});
}

void LogExporter::end(const QString &error)
{
    const qint64 rows = m_next;
    m_file.reset();
    m_model->setHeld(false);
    emit finished(error, rows);
}

} // namespace bb::logview
