#include "dbx/connection_profiles.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace bb::dbx {

ConnectionProfiles::ConnectionProfiles(QString filePath)
    : m_path(std::move(filePath))
{}

QString ConnectionProfiles::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/db-connections.json");
}

Result<void> ConnectionProfiles::load()
{
    m_profiles.clear();
    QFile f(m_path);
    if (!f.exists())
        return {};
    if (!f.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read %1: %2").arg(m_path, f.errorString()));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("%1 is not valid JSON at offset %2: %3")
                                  .arg(m_path)
                                  .arg(err.offset)
                                  .arg(err.errorString()),
                              err.offset);
    const QJsonArray list = doc.object().value("connections").toArray();
    for (const QJsonValue &v : list) {
        auto p = ConnectionProfile::fromJson(v.toObject());
        if (!p)
            return Error::invalid(QStringLiteral("%1: %2").arg(m_path, p.error().message));
        m_profiles.append(*p);
    }
    return {};
}

Result<void> ConnectionProfiles::save() const
{
    QJsonArray list;
    for (const ConnectionProfile &p : m_profiles)
        list.append(p.toJson());
    const QJsonObject root{{"version", 1}, {"connections", list}};
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return Error::io(QStringLiteral("cannot create the folder of %1").arg(m_path));
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("cannot write %1: %2").arg(m_path, f.errorString()));
    f.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return Error::io(QStringLiteral("cannot write %1: %2").arg(m_path, f.errorString()));
    return {};
}

const ConnectionProfile *ConnectionProfiles::find(const QString &id) const
{
    for (const ConnectionProfile &p : m_profiles) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

namespace {

// The file's canonical path when it exists; else its absolute, cleaned path (a missing file
// still matches the profile that named it the same way).
QString canonicalFile(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

} // namespace

const ConnectionProfile *ConnectionProfiles::findFile(const QString &path) const
{
    const QString wanted = canonicalFile(path);
    for (const ConnectionProfile &p : m_profiles) {
        if (p.driver == Driver::Sqlite && canonicalFile(p.path) == wanted)
            return &p;
    }
    return nullptr;
}

ConnectionProfile ConnectionProfiles::rememberFile(const QString &path)
{
    if (const ConnectionProfile *known = findFile(path))
        return *known;
    const QFileInfo info(canonicalFile(path));
    QString name = info.fileName();
    const auto taken = [this](const QString &candidate) {
        return std::any_of(m_profiles.begin(), m_profiles.end(),
                           [&](const ConnectionProfile &p) { return p.name == candidate; });
    };
    if (taken(name))
        name = QStringLiteral("%1 (%2)").arg(info.fileName(), info.dir().dirName());
    for (int n = 2; taken(name) && n < 1000; ++n)
        name = QStringLiteral("%1 (%2)").arg(info.fileName()).arg(n);
    ConnectionProfile p = ConnectionProfile::make(Driver::Sqlite, name);
    p.path = info.filePath();
    m_profiles.append(p);
    return p;
}

Result<void> ConnectionProfiles::upsert(const ConnectionProfile &profile)
{
    if (auto v = profile.validate(); !v)
        return v.error();
    for (ConnectionProfile &p : m_profiles) {
        if (p.id == profile.id) {
            p = profile;
            return {};
        }
    }
    m_profiles.append(profile);
    return {};
}

bool ConnectionProfiles::remove(const QString &id)
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].id == id) {
            m_profiles.removeAt(i);
            return true;
        }
    }
    return false;
}

} // namespace bb::dbx
