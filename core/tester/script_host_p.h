// bb::tester — the native side of the pm sandbox: variables, console, next request and byte
// conversions, called from js/pm.js through QJSEngine::newQObject. Private to script_engine.
#pragma once

#include "tester/script_engine.h"

#include <QObject>
#include <QVariant>
#include <QVariantMap>

namespace bb::tester {

class ScriptHost : public QObject {
    Q_OBJECT

public:
    ScriptHost(VariableScopes &variables, ScriptOutcome &outcome)
        : m_vars(variables)
        , m_outcome(outcome)
    {}

    /// scope: "environment", "collection", "global", "data", "local" or "any" (all scopes,
    /// narrowest first). Absent names read as undefined.
    Q_INVOKABLE QVariant varGet(const QString &scope, const QString &name) const;
    Q_INVOKABLE bool varHas(const QString &scope, const QString &name) const;
    Q_INVOKABLE void varSet(const QString &scope, const QString &name, const QString &value);
    Q_INVOKABLE void varUnset(const QString &scope, const QString &name);
    Q_INVOKABLE void varClear(const QString &scope);
    Q_INVOKABLE QVariantMap varObject(const QString &scope) const;
    Q_INVOKABLE QString replaceIn(const QString &text) const;
    Q_INVOKABLE QString environmentName() const { return m_vars.environmentName(); }

    Q_INVOKABLE void log(const QString &level, const QString &text);
    /// Re-encodes text between "utf8", "latin1" (also "binary", "ascii"), "base64" and "hex".
    Q_INVOKABLE QString convert(const QString &text, const QString &from, const QString &to) const;
    /// null (or undefined) stops the run after this request.
    Q_INVOKABLE void setNextRequest(const QVariant &name);
    Q_INVOKABLE void skipRequest() { m_outcome.skipRequest = true; }

private:
    VariableScopes &m_vars;
    ScriptOutcome &m_outcome;
};

} // namespace bb::tester
