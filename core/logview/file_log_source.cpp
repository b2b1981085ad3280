#include "logview/file_log_source.h"

#include "logview/log_ingest.h"

#include <QDateTime>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace bb::logview {

namespace {
// A "line" this long without a newline is taken as it is rather than held forever.
constexpr qsizetype kMaxPartial = 1024 * 1024;

quint64 inodeOf(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0)
        return quint64(st.st_ino);
#else
    Q_UNUSED(path);
#endif
    return 0;
}
} // namespace

FileLogSource::FileLogSource(LogIngest *ingest, QString path, QObject *parent)
    : LogSource(ingest, parent)
    , m_path(std::move(path))
{
    m_poll.setInterval(500);
    connect(&m_poll, &QTimer::timeout, this, &FileLogSource::readMore);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        if (!m_readQueued) {
            m_readQueued = true;
            QTimer::singleShot(20, this, &FileLogSource::readMore);
        }
    });
}

FileLogSource::~FileLogSource()
{
    stop();
}

void FileLogSource::start()
{
    stop();
    m_running = true;
    m_offset = 0;
    m_partial.clear();
    ingest()->setDedupBySeq(false);
    m_poll.start();
    readMore();
}

void FileLogSource::stop()
{
    m_running = false;
    m_poll.stop();
    m_file.close();
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (state() != State::Idle)
        setState(State::Idle, tr("Stopped"));
}

bool FileLogSource::reopen()
{
    m_file.close();
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        setState(State::Error,
                 tr("Cannot open %1: %2 (waiting for it)").arg(m_path, m_file.errorString()));
        return false;
    }
    m_inode = inodeOf(m_path);
    m_offset = 0;
    m_partial.clear();
    return true;
}

void FileLogSource::readMore()
{
    m_readQueued = false;
    if (!m_running)
        return;
    const QFileInfo info(m_path);
    if (!info.exists()) {
        // Between a rotation's rename and the new file's creation; the poll tries again.
        m_file.close();
        setState(State::Connecting, tr("Waiting for %1 to exist").arg(m_path));
        return;
    }
    if (!m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path); // again after a rotation removed the old file's watch
    if (!m_file.isOpen()) {
        if (!reopen())
            return;
    } else if (const quint64 inode = inodeOf(m_path); inode && inode != m_inode) {
        // Rotated: the name now points to a new file. What the old one gained since the last
        // read is lost with its handle's position; the new file is read from its start.
        ++m_restarts;
        if (!reopen())
            return;
    } else if (info.size() < m_offset) {
        // Truncated in place (copytruncate, `> file`).
        ++m_restarts;
        m_offset = 0;
        m_partial.clear();
    }
    if (!m_file.seek(m_offset)) {
        setState(State::Error, tr("Cannot seek in %1: %2").arg(m_path, m_file.errorString()));
        return;
    }
    const QByteArray data = m_file.read(m_chunk);
    if (data.isEmpty()) {
        setState(State::Live, tr("Tailing %1").arg(m_path));
        return;
    }
    m_offset += data.size();
    emitLines(data, false);
    setState(State::Live, tr("Tailing %1").arg(m_path));
    if (data.size() == m_chunk) {
        // More is waiting: read it on the next turn of the loop, not in this one.
        m_readQueued = true;
        QTimer::singleShot(0, this, &FileLogSource::readMore);
    }
}

void FileLogSource::emitLines(const QByteArray &data, bool flushPartial)
{
    QByteArrayList lines;
    qsizetype start = 0;
    const qsizetype n = data.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (data[i] != '\n')
            continue;
        QByteArray line = m_partial.isEmpty() ? data.mid(start, i - start)
                                              : m_partial + data.mid(start, i - start);
        m_partial.clear();
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            lines.append(std::move(line));
        start = i + 1;
    }
    m_partial += data.mid(start);
    if (flushPartial || m_partial.size() > kMaxPartial) {
        if (!m_partial.trimmed().isEmpty())
            lines.append(m_partial);
        m_partial.clear();
    }
    ingest()->push(std::move(lines), QDateTime::currentMSecsSinceEpoch());
}

} // namespace bb::logview
