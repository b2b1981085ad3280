// bb::shell — a plugin's own corner of the application settings, so plugins never collide on keys.
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

namespace bb::shell {

/// Reads and writes the application's QSettings under "plugins/<pluginId>/". Cheap to copy;
/// every call goes to the process-wide settings store, so two copies always agree.
class PluginSettings {
public:
    explicit PluginSettings(QString pluginId);

    QString pluginId() const { return m_pluginId; }
    QVariant value(const QString &key, const QVariant &defaultValue = {}) const;
    void setValue(const QString &key, const QVariant &value);
    bool contains(const QString &key) const;
    void remove(const QString &key);
    QStringList keys() const;
    /// Writes pending changes to disk now (they are also written at exit).
    void sync();

private:
    QString m_pluginId;
};

} // namespace bb::shell
