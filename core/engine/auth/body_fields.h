// bb::engine::auth — reading the fields of an admin or auth request body with one error list,
// so a 400 names every wrong field at once.
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>

namespace bb::engine::auth {

class BodyFields {
public:
    explicit BodyFields(const QJsonObject &body)
        : m_body(body)
    {}

    /// A string member; an error when required and missing, or when not a string.
    std::optional<QString> text(const QString &name, bool required = false);
    std::optional<bool> boolean(const QString &name);
    /// An array of strings.
    std::optional<QStringList> textList(const QString &name, bool required = false);
    /// Adds an error of the caller's own.
    void fail(const QString &name, const QString &message) { m_errors[name] << message; }
    /// Errors for members not in `known`, so a typo is not silently ignored.
    void rejectUnknown(const QStringList &known);

    bool ok() const { return m_errors.isEmpty(); }
    const QMap<QString, QStringList> &errors() const { return m_errors; }

private:
    const QJsonObject &m_body;
    QMap<QString, QStringList> m_errors;
};

} // namespace bb::engine::auth
