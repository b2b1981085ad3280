// bb::client — a GraphQL schema as introspection describes it: the standard introspection query,
// its __schema result parsed into types, fields, arguments and root operation types, and the
// field names valid at a cursor in a half-typed query (for the editor's completer).
#pragma once

#include "common/result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace bb::client {

struct GraphQlInputValue {
    QString name;
    QString type; ///< as written in SDL: "[ID!]!"
    QString defaultValue;
    QString description;
};

struct GraphQlField {
    QString name;
    QString type;     ///< as written in SDL: "[Post!]!"
    QString typeName; ///< the named type inside the wrappers: "Post"
    QList<GraphQlInputValue> args;
    QString description;
    bool deprecated = false;
};

struct GraphQlType {
    enum class Kind { Scalar, Object, Interface, Union, Enum, InputObject };
    Kind kind = Kind::Scalar;
    QString name;
    QString description;
    QList<GraphQlField> fields;           ///< objects and interfaces
    QList<GraphQlInputValue> inputFields; ///< input objects
    QStringList enumValues;               ///< enums
    QStringList possibleTypes;            ///< unions and interfaces
    QStringList interfaces;               ///< objects and interfaces
    const GraphQlField *field(const QString &name) const;
};

class GraphQlSchema {
public:
    /// The standard introspection query (types with fields, arguments, input fields, enum
    /// values, interfaces, possible types, and type references seven wrappers deep).
    static QString introspectionQuery();
    /// {"query": introspectionQuery()} as a POST body.
    static QByteArray introspectionRequestBody();

    /// Parses an introspection answer: {"data": {"__schema": ...}} or the bare {"__schema": ...}.
    /// A GraphQL "errors" answer, invalid JSON or a missing __schema is an error saying so.
    static Result<GraphQlSchema> parse(const QByteArray &json);

    QString queryType() const { return m_queryType; }
    QString mutationType() const { return m_mutationType; }
    QString subscriptionType() const { return m_subscriptionType; }
    const GraphQlType *type(const QString &name) const;
    /// Every type name, sorted; the introspection types (__Schema, ...) are left out.
    QStringList typeNames() const;

    /// What may be typed at cursor (a 0-based index into query): the fields of the selection
    /// set the cursor is in (plus __typename), argument names inside a field's parentheses, type
    /// names after "... on", and inside arguments the values of an enum-typed argument or input
    /// field after its ':' (also as list elements), true/false for a Boolean, and an input
    /// object's field names inside its '{}'. Worked out from the text before the cursor by walking
    /// the selection path through aliases, arguments, directives and fragments; a word being typed
    /// at the cursor is left for the caller to filter by. Never fails: unknown text gives an empty
    /// list.
    QStringList completions(const QString &query, int cursor) const;

private:
    QString m_queryType, m_mutationType, m_subscriptionType;
    QHash<QString, GraphQlType> m_types;
};

} // namespace bb::client
