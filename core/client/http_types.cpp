#include "client/http_types.h"

#include <QFile>

namespace bb::client {

BodyFile::~BodyFile()
{
    QFile::remove(m_path);
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

} // namespace bb::client
