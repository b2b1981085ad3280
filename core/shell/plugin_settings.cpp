#include "shell/plugin_settings.h"

#include <QSettings>

namespace bb::shell {

namespace {
QString groupFor(const QString &pluginId)
{
    return QStringLiteral("plugins/") + pluginId;
}
} // namespace

PluginSettings::PluginSettings(QString pluginId)
    : m_pluginId(std::move(pluginId))
{}

QVariant PluginSettings::value(const QString &key, const QVariant &defaultValue) const
{
    QSettings s;
    s.beginGroup(groupFor(m_pluginId));
    return s.value(key, defaultValue);
}

void PluginSettings::setValue(const QString &key, const QVariant &value)
{
    QSettings s;
    s.beginGroup(groupFor(m_pluginId));
    s.setValue(key, value);
}

bool PluginSettings::contains(const QString &key) const
{
    QSettings s;
    s.beginGroup(groupFor(m_pluginId));
    return s.contains(key);
}

void PluginSettings::remove(const QString &key)
{
    QSettings s;
    s.beginGroup(groupFor(m_pluginId));
    s.remove(key);
}

QStringList PluginSettings::keys() const
{
    QSettings s;
    s.beginGroup(groupFor(m_pluginId));
    return s.allKeys();
}

void PluginSettings::sync()
{
    QSettings().sync();
}

} // namespace bb::shell
