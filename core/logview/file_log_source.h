// bb::logview — a JSON-lines log file of any backend, read from the start and then tailed as it
// grows: a QFileSystemWatcher wakes it, a poll catches what the watcher misses (network file
// systems, a file replaced by rotation), truncation and rotation restart from the top, and a
// last line still being written waits for its newline.
#pragma once

#include "logview/log_source.h"

#include <QByteArray>
#include <QFile>
#include <QFileSystemWatcher>
#include <QTimer>

namespace bb::logview {

class FileLogSource : public LogSource {
    Q_OBJECT
public:
    FileLogSource(LogIngest *ingest, QString path, QObject *parent = nullptr);
    ~FileLogSource() override;

    void start() override;
    void stop() override;
    QString describe() const override { return m_path; }

    /// How often the file is checked when the watcher is silent (default 500 ms).
    void setPollInterval(int ms) { m_poll.setInterval(ms); }
    /// Bytes read per turn of the event loop (default 4 MiB): a big file is read in slices.
    void setReadChunk(qint64 bytes) { m_chunk = bytes; }
    /// Bytes of the file consumed so far (complete lines).
    qint64 offset() const { return m_offset; }
    /// Times the file was found truncated or replaced.
    int restarts() const { return m_restarts; }

private:
    void readMore();
    bool reopen();
    void emitLines(const QByteArray &data, bool flushPartial);

    QString m_path;
    QFile m_file;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QByteArray m_partial;
    qint64 m_offset = 0;
    qint64 m_chunk = 4 * 1024 * 1024;
    quint64 m_inode = 0;
    int m_restarts = 0;
    bool m_running = false;
    bool m_readQueued = false;
};

} // namespace bb::logview
