// bb::logview — writes the rows of the current view as JSON lines or CSV through QSaveFile, in
// slices of the event loop with progress, holding live updates until it is done.
#pragma once

#include <QObject>
#include <QSaveFile>
#include <QStringList>

#include <memory>

namespace bb::logview {

class LogTableModel;

enum class ExportFormat { JsonLines, Csv };

class LogExporter : public QObject {
    Q_OBJECT
public:
    explicit LogExporter(LogTableModel *model, QObject *parent = nullptr);
    ~LogExporter() override;

    /// Starts writing every row of the model to `path`; false with `*error` when the file cannot
    /// be opened. CSV columns: ts, level, msg, traceId, then `csvFields` (all known field names
    /// when empty).
    bool start(const QString &path, ExportFormat format, QString *error,
               const QStringList &csvFields = {});
    /// Abandons the file (the previous one, if any, stays as it was).
    void cancel();
    bool isRunning() const { return bool(m_file); }

    /// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    static QByteArray csvField(const QString &value);

signals:
    void progress(qint64 done, qint64 total);
    /// error is empty on success.
    void finished(const QString &error, qint64 rows);

private:
    void writeSlice();
    void end(const QString &error);

    LogTableModel *m_model;
    std::unique_ptr<QSaveFile> m_file;
    ExportFormat m_format = ExportFormat::JsonLines;
    QStringList m_columns;
    int m_next = 0;
    int m_total = 0;
};

} // namespace bb::logview
