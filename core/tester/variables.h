// bb::tester — variable scopes and `{{name}}` resolution, as Postman and the VS Code REST Client
// users expect them: several scopes where the narrowest wins, values that may reference other
// variables, and dynamic variables (`{{$guid}}`, `{{$timestamp}}`, ...) evaluated per occurrence.
#pragma once

#include "workspace/request.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace bb::tester {

/// Where a variable lives. Precedence, narrowest wins:
/// Local > Data > Request > Folder (inner first) > Environment > Collection > Global.
enum class Scope { Global, Collection, Environment, Folder, Request, Data, Local };

QString scopeName(Scope scope);

/// One piece of resolved text: literal template text, or the value a `{{...}}` stood for.
/// The request builder encodes the two differently in a URL's query.
struct ResolvedPart {
    QString text;
    bool fromVariable = false;
};

/// Where a `{{...}}` reference sits in a text, for editors that highlight them.
struct VariableReference {
    qsizetype start = 0;     ///< index of the first `{`
    qsizetype length = 0;    ///< up to and including the last `}`
    QString name;            ///< trimmed text between the braces, e.g. "host" or "$randomInt 1 9"
    bool resolvable = false; ///< resolves completely (nested references included)
};

class VariableScopes {
public:
    /// Replaces a whole scope. For Scope::Folder this sets a single folder level.
    void setScope(Scope scope, const QList<workspace::KeyValue> &values);
    /// The folder chain from the collection's top folder down to the request's own folder.
    void setFolders(const QList<QList<workspace::KeyValue>> &outerToInner);
    /// The environment scope (its disabled variables are kept but ignored); remembers its name.
    void setEnvironment(const workspace::Environment &environment);
    QString environmentName() const { return m_environmentName; }

    /// The value of the narrowest enabled definition of name, or empty. Not resolved further.
    QString value(const QString &name) const;
    bool has(const QString &name) const;
    /// Where name is defined now (the narrowest scope), when has(name).
    Scope scopeOf(const QString &name) const;

    /// Sets name in scope (for Scope::Folder: the innermost folder), replacing an existing
    /// definition there (and enabling it) or appending a new one.
    void set(Scope scope, const QString &name, const QString &value);
    /// Removes every definition of name from scope (Scope::Folder: from every folder level).
    void unset(Scope scope, const QString &name);
    /// The entries of a scope, disabled ones included. For Scope::Folder the levels merged,
    /// inner definitions replacing outer ones.
    QList<workspace::KeyValue> scope(Scope scope) const;
    /// The folder levels as set, outer first.
    QList<QList<workspace::KeyValue>> folders() const { return m_folders; }

    /// Replaces every `{{name}}` in text (spaces inside the braces are ignored). A value may
    /// reference other variables; a reference that is unknown, unknown-dynamic or part of a
    /// cycle (or nested deeper than maxDepth) stays as written and its name is appended to
    /// unresolved (once per name).
    QString resolve(const QString &text, QStringList *unresolved = nullptr) const;
    /// The same, keeping apart what came from the template and what from variables.
    QList<ResolvedPart> resolveParts(const QString &text, QStringList *unresolved = nullptr) const;

    /// Every `{{...}}` in text, in order, and whether it would resolve.
    QList<VariableReference> references(const QString &text) const;

    /// The names of the dynamic variables (without the `$`), for completion and docs.
    static QStringList dynamicNames();
    static constexpr int maxDepth = 10;

private:
    void resolveInto(const QString &text, QList<ResolvedPart> &out, bool fromVariable,
                     QStringList &stack, QStringList *unresolved) const;
    const QList<workspace::KeyValue> &list(Scope scope) const;
    QList<workspace::KeyValue> &list(Scope scope);

    std::array<QList<workspace::KeyValue>, 7> m_scopes; ///< indexed by Scope; Folder unused
    QList<QList<workspace::KeyValue>> m_folders;        ///< outer first
    QString m_environmentName;
};

/// A dynamic variable's value (`name` without the `$`, arguments split on spaces), or nullopt
/// when the name is unknown or the arguments are wrong.
std::optional<QString> dynamicValue(const QString &name, const QStringList &arguments);

} // namespace bb::tester
