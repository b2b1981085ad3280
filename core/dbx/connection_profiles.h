// bb::dbx — the saved connection profiles: a JSON file in the app config dir, written with
// QSaveFile. Passwords are never in it (see ConnectionPasswords).
#pragma once
#include "common/result.h"
#include "dbx/connection_profile.h"
#include <QList>
#include <QString>

namespace bb::dbx {

class ConnectionProfiles {
public:
    /// `filePath` is injectable for tests; defaultPath() is what the app uses.
    explicit ConnectionProfiles(QString filePath = defaultPath());
    /// <AppConfigLocation>/db-connections.json
    static QString defaultPath();
    const QString &filePath() const { return m_path; }

    /// Reads the file; a missing file is an empty list, a malformed one an error naming it.
    Result<void> load();
    /// Writes every profile atomically (QSaveFile).
    Result<void> save() const;

    const QList<ConnectionProfile> &profiles() const { return m_profiles; }
    /// The profile with `id`, or nullptr.
    const ConnectionProfile *find(const QString &id) const;
    /// Adds or replaces (by id) after validating it; does not save.
    Result<void> upsert(const ConnectionProfile &profile);
    /// The SQLite profile of the file at `path` (compared by canonical path, so a symlink or
    /// "a/../b.db" finds the same profile), or nullptr.
    const ConnectionProfile *findFile(const QString &path) const;
    /// The profile of an opened SQLite file, as DB Browser's recent files: the existing one of
    /// the same file, else a new one named after the file (with its folder when another profile
    /// already has that name). Adds it when new; does not save.
    ConnectionProfile rememberFile(const QString &path);
    /// Removes by id; false when there was none. Does not save.
    bool remove(const QString &id);

private:
    QString m_path;
    QList<ConnectionProfile> m_profiles;
};

} // namespace bb::dbx
