#include "tester/script_host_p.h"

#include <optional>

namespace bb::tester {

namespace {
std::optional<Scope> scopeFor(const QString &name)
{
    if (name == QLatin1String("environment"))
        return Scope::Environment;
    if (name == QLatin1String("collection"))
        return Scope::Collection;
    if (name == QLatin1String("global"))
        return Scope::Global;
    if (name == QLatin1String("data"))
        return Scope::Data;
    if (name == QLatin1String("local"))
        return Scope::Local;
    return std::nullopt; // "any"
}

const workspace::KeyValue *findEnabled(const QList<workspace::KeyValue> &list, const QString &name)
{
    for (qsizetype i = list.size() - 1; i >= 0; --i)
        if (list[i].enabled && list[i].name == name)
            return &list[i];
    return nullptr;
}
} // namespace

QVariant ScriptHost::varGet(const QString &scope, const QString &name) const
{
    const auto s = scopeFor(scope);
    if (!s)
        return m_vars.has(name) ? QVariant(m_vars.value(name)) : QVariant();
    const auto *kv = findEnabled(m_vars.scope(*s), name);
    return kv ? QVariant(kv->value) : QVariant();
}

bool ScriptHost::varHas(const QString &scope, const QString &name) const
{
    const auto s = scopeFor(scope);
    return s ? findEnabled(m_vars.scope(*s), name) != nullptr : m_vars.has(name);
}

void ScriptHost::varSet(const QString &scope, const QString &name, const QString &value)
{
    m_vars.set(scopeFor(scope).value_or(Scope::Local), name, value);
}

void ScriptHost::varUnset(const QString &scope, const QString &name)
{
    m_vars.unset(scopeFor(scope).value_or(Scope::Local), name);
}

void ScriptHost::varClear(const QString &scope)
{
    if (const auto s = scopeFor(scope))
        m_vars.setScope(*s, {});
}

QVariantMap ScriptHost::varObject(const QString &scope) const
{
    QVariantMap out;
    const auto add = [&](const QList<workspace::KeyValue> &list) {
        for (const auto &kv : list)
            if (kv.enabled)
                out.insert(kv.name, kv.value);
    };
    if (const auto s = scopeFor(scope)) {
        add(m_vars.scope(*s));
        return out;
    }
    // Widest first, so narrower scopes overwrite: the same answer as varGet("any", ...).
    for (Scope s : {Scope::Global, Scope::Collection, Scope::Environment, Scope::Folder,
                    Scope::Request, Scope::Data, Scope::Local})
        add(m_vars.scope(s));
    return out;
}

QString ScriptHost::replaceIn(const QString &text) const
{
    return m_vars.resolve(text);
}

void ScriptHost::log(const QString &level, const QString &text)
{
    m_outcome.console.append(
        level == QLatin1String("log") ? text : QStringLiteral("[%1] %2").arg(level, text));
}

QString ScriptHost::convert(const QString &text, const QString &from, const QString &to) const
{
    const QString f = from.toLower(), t = to.toLower();
    QByteArray bytes;
    if (f == QLatin1String("base64"))
        bytes = QByteArray::fromBase64(text.toLatin1());
    else if (f == QLatin1String("hex"))
        bytes = QByteArray::fromHex(text.toLatin1());
    else if (f == QLatin1String("latin1") || f == QLatin1String("binary") ||
             f == QLatin1String("ascii"))
        bytes = text.toLatin1();
    else
        bytes = text.toUtf8();
    if (t == QLatin1String("base64"))
        return QString::fromLatin1(bytes.toBase64());
    if (t == QLatin1String("hex"))
        return QString::fromLatin1(bytes.toHex());
    if (t == QLatin1String("latin1") || t == QLatin1String("binary") || t == QLatin1String("ascii"))
        return QString::fromLatin1(bytes);
    return QString::fromUtf8(bytes);
}

void ScriptHost::setNextRequest(const QVariant &name)
{
    m_outcome.nextRequest = name.isNull() || !name.isValid() ? QString() : name.toString();
}

} // namespace bb::tester
