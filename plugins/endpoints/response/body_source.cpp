#include "body_source.h"

#include <QFile>

#include <algorithm>

namespace bb::plugins::endpoints {

BodySource::~BodySource() = default;

std::shared_ptr<const BodySource> BodySource::fromBytes(const QByteArray &bytes)
{
    std::shared_ptr<BodySource> s(new BodySource);
    s->m_bytes = bytes;
    s->m_data = s->m_bytes.constData();
    s->m_size = s->m_bytes.size();
    return s;
}

std::shared_ptr<const BodySource> BodySource::fromFile(const QString &path, QString *error,
                                                       std::shared_ptr<void> keepAlive)
{
    std::shared_ptr<BodySource> s(new BodySource);
    s->m_file = std::make_unique<QFile>(path);
    if (!s->m_file->open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("Cannot open the body file %1: %2").arg(path, s->m_file->errorString());
        return {};
    }
    s->m_path = path;
    s->m_keepAlive = std::move(keepAlive);
    s->m_size = s->m_file->size();
    if (s->m_size == 0)
        return s; // nothing to map; data() stays null
    // Mapped, not read: a 100 MB body costs address space, and only the pages shown or
    // scanned become resident (and can be dropped again by the kernel).
    uchar *p = s->m_file->map(0, s->m_size);
    if (!p) {
        *error =
            QStringLiteral("Cannot map the body file %1: %2").arg(path, s->m_file->errorString());
        return {};
    }
    s->m_data = reinterpret_cast<const char *>(p);
    return s;
}

QByteArrayView BodySource::view(qint64 from, qint64 length) const
{
    from = std::clamp<qint64>(from, 0, m_size);
    length = std::clamp<qint64>(length, 0, m_size - from);
    if (!m_data || length == 0)
        return {};
    return QByteArrayView(m_data + from, length);
}

} // namespace bb::plugins::endpoints
