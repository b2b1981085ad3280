// bb::plugins::endpoints — the bytes of a response body, in memory or memory-mapped from its
// temporary file, read-only and shareable with worker threads.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

class QFile;

namespace bb::plugins::endpoints {

class BodySource {
public:
    /// The bytes themselves (implicitly shared, never copied).
    static std::shared_ptr<const BodySource> fromBytes(const QByteArray &bytes);
    /// Maps `path` read-only; null with `*error` when it cannot be opened or mapped. `keepAlive`
    /// is held as long as the mapping (the response's BodyFile, or a temporary file), so the
    /// file is not removed under the view.
    static std::shared_ptr<const BodySource> fromFile(const QString &path, QString *error,
                                                      std::shared_ptr<void> keepAlive = {});
    ~BodySource();
    BodySource(const BodySource &) = delete;
    BodySource &operator=(const BodySource &) = delete;

    const char *data() const { return m_data; }
    qint64 size() const { return m_size; }
    bool isFile() const { return !m_path.isEmpty(); }
    QString filePath() const { return m_path; }
    /// Bytes [from, from + length), clamped to the body.
    QByteArrayView view(qint64 from, qint64 length) const;

private:
    BodySource() = default;

    QByteArray m_bytes;
    std::unique_ptr<QFile> m_file;
    std::shared_ptr<void> m_keepAlive;
    QString m_path;
    const char *m_data = nullptr;
    qint64 m_size = 0;
};

using BodySourcePtr = std::shared_ptr<const BodySource>;

} // namespace bb::plugins::endpoints
