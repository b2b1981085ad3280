#include "tester/variables.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

namespace bb::tester {

using workspace::KeyValue;

namespace {

/// The last enabled definition in a list: a later line overrides an earlier one, as in a file.
const KeyValue *findEnabled(const QList<KeyValue> &list, const QString &name)
{
    for (qsizetype i = list.size() - 1; i >= 0; --i)
        if (list[i].enabled && list[i].name == name)
            return &list[i];
    return nullptr;
}

void setIn(QList<KeyValue> &list, const QString &name, const QString &value)
{
    for (qsizetype i = list.size() - 1; i >= 0; --i) {
        if (list[i].name == name) {
            list[i].value = value;
            list[i].enabled = true;
            return;
        }
    }
    list.append({name, value, true});
}

void addUnresolved(QStringList *unresolved, const QString &name)
{
    if (unresolved && !unresolved->contains(name))
        unresolved->append(name);
}

void appendPart(QList<ResolvedPart> &out, const QString &text, bool fromVariable)
{
    if (text.isEmpty())
        return;
    if (!out.isEmpty() && out.last().fromVariable == fromVariable)
        out.last().text += text;
    else
        out.append({text, fromVariable});
}

/// One complete `{{…}}` in a text: where it starts, its length with the braces, and the trimmed
/// text between them.
struct Reference {
    qsizetype start = 0;
    qsizetype length = 0;
    QString inner;
};

/// The one `{{…}}` scanner: calls visit(reference) for each complete reference, left to right
/// (an unclosed `{{` ends the scan).
template<typename Visit> void scanReferences(const QString &text, Visit &&visit)
{
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), pos);
        if (open < 0)
            break;
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0)
            break;
        visit(Reference{open, close + 2 - open, text.mid(open + 2, close - open - 2).trimmed()});
        pos = close + 2;
    }
}

} // namespace

QString scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Global:
        return QStringLiteral("global");
    case Scope::Collection:
        return QStringLiteral("collection");
    case Scope::Environment:
        return QStringLiteral("environment");
    case Scope::Folder:
        return QStringLiteral("folder");
    case Scope::Request:
        return QStringLiteral("request");
    case Scope::Data:
        return QStringLiteral("data");
    case Scope::Local:
        return QStringLiteral("local");
    }
    return {};
}

const QList<KeyValue> &VariableScopes::list(Scope scope) const
{
    return m_scopes[std::size_t(scope)];
}

QList<KeyValue> &VariableScopes::list(Scope scope)
{
    return m_scopes[std::size_t(scope)];
}

void VariableScopes::setScope(Scope scope, const QList<KeyValue> &values)
{
    if (scope == Scope::Folder)
        m_folders = {values};
    else
        list(scope) = values;
}

void VariableScopes::setFolders(const QList<QList<KeyValue>> &outerToInner)
{
    m_folders = outerToInner;
}

void VariableScopes::setEnvironment(const workspace::Environment &environment)
{
    m_environmentName = environment.name;
    QList<KeyValue> values;
    values.reserve(environment.variables.size());
    for (const auto &v : environment.variables)
        values.append({v.name, v.value, v.enabled});
    list(Scope::Environment) = values;
}

namespace {
// Narrowest first; the folder slot stands for the whole folder chain, inner level first.
constexpr std::array<Scope, 7> kPrecedence = {Scope::Local,  Scope::Data,        Scope::Request,
                                              Scope::Folder, Scope::Environment, Scope::Collection,
                                              Scope::Global};
} // namespace

Scope VariableScopes::scopeOf(const QString &name) const
{
    for (Scope s : kPrecedence) {
        if (s == Scope::Folder) {
            for (qsizetype i = m_folders.size() - 1; i >= 0; --i)
                if (findEnabled(m_folders[i], name))
                    return s;
        } else if (findEnabled(list(s), name)) {
            return s;
        }
    }
    return Scope::Global;
}

QString VariableScopes::value(const QString &name) const
{
    for (Scope s : kPrecedence) {
        if (s == Scope::Folder) {
            for (qsizetype i = m_folders.size() - 1; i >= 0; --i)
                if (const KeyValue *kv = findEnabled(m_folders[i], name))
                    return kv->value;
        } else if (const KeyValue *kv = findEnabled(list(s), name)) {
            return kv->value;
        }
    }
    return {};
}

bool VariableScopes::has(const QString &name) const
{
    for (Scope s : kPrecedence) {
        if (s == Scope::Folder) {
            for (const auto &level : m_folders)
                if (findEnabled(level, name))
                    return true;
        } else if (findEnabled(list(s), name)) {
            return true;
        }
    }
    return false;
}

void VariableScopes::set(Scope scope, const QString &name, const QString &value)
{
    if (scope == Scope::Folder) {
        if (m_folders.isEmpty())
            m_folders.append(QList<KeyValue>{});
        setIn(m_folders.last(), name, value);
        return;
    }
    setIn(list(scope), name, value);
}

void VariableScopes::unset(Scope scope, const QString &name)
{
    const auto named = [&](const KeyValue &kv) { return kv.name == name; };
    if (scope == Scope::Folder) {
        for (auto &level : m_folders)
            level.removeIf(named);
        return;
    }
    list(scope).removeIf(named);
}

QList<KeyValue> VariableScopes::scope(Scope scope) const
{
    if (scope != Scope::Folder)
        return list(scope);
    QList<KeyValue> merged;
    for (const auto &level : m_folders) {
        for (const auto &kv : level) {
            const auto it = std::find_if(merged.begin(), merged.end(),
                                         [&](const KeyValue &m) { return m.name == kv.name; });
            // A disabled inner entry does not hide an enabled outer one.
            if (it == merged.end())
                merged.append(kv);
            else if (kv.enabled || !it->enabled)
                *it = kv;
        }
    }
    return merged;
}

QStringList VariableScopes::dynamicNames()
{
    return {QStringLiteral("guid"), QStringLiteral("randomUUID"), QStringLiteral("timestamp"),
            QStringLiteral("isoTimestamp"), QStringLiteral("randomInt")};
}

std::optional<QString> dynamicValue(const QString &name, const QStringList &arguments)
{
    if (name == QLatin1String("guid") || name == QLatin1String("randomUUID")) {
        if (!arguments.isEmpty())
            return std::nullopt;
        return QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    if (name == QLatin1String("timestamp")) {
        if (!arguments.isEmpty())
            return std::nullopt;
        return QString::number(QDateTime::currentSecsSinceEpoch());
    }
    if (name == QLatin1String("isoTimestamp")) {
        if (!arguments.isEmpty())
            return std::nullopt;
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    }
    if (name == QLatin1String("randomInt")) {
        // Postman: 0..1000 inclusive. REST Client: {{$randomInt min max}}, max excluded.
        if (arguments.isEmpty())
            return QString::number(QRandomGenerator::global()->bounded(1001));
        if (arguments.size() != 2)
            return std::nullopt;
        bool okMin = false, okMax = false;
        const qint64 min = arguments[0].toLongLong(&okMin);
        const qint64 max = arguments[1].toLongLong(&okMax);
        if (!okMin || !okMax || max <= min)
            return std::nullopt;
        return QString::number(QRandomGenerator::global()->bounded(min, max));
    }
    return std::nullopt;
}

QString VariableScopes::resolve(const QString &text, QStringList *unresolved) const
{
    if (!text.contains(QLatin1String("{{")))
        return text;
    QString out;
    for (const auto &part : resolveParts(text, unresolved))
        out += part.text;
    return out;
}

QList<ResolvedPart> VariableScopes::resolveParts(const QString &text, QStringList *unresolved) const
{
    QList<ResolvedPart> out;
    QStringList stack;
    resolveInto(text, out, false, stack, unresolved);
    return out;
}

QList<VariableReference> VariableScopes::references(const QString &text) const
{
    QList<VariableReference> out;
    scanReferences(text, [&](const Reference &found) {
        VariableReference ref;
        ref.start = found.start;
        ref.length = found.length;
        ref.name = found.inner;
        QStringList unresolved;
        resolve(text.mid(found.start, found.length), &unresolved);
        ref.resolvable = unresolved.isEmpty();
        out.append(ref);
    });
    return out;
}

void VariableScopes::resolveInto(const QString &text, QList<ResolvedPart> &out, bool fromVariable,
                                 QStringList &stack, QStringList *unresolved) const
{
    qsizetype pos = 0; // where the text after the last reference starts
    scanReferences(text, [&](const Reference &found) {
        appendPart(out, text.mid(pos, found.start - pos), fromVariable);
        pos = found.start + found.length;
        const QString reference = text.mid(found.start, found.length);
        const QString &inner = found.inner;

        if (inner.startsWith(QLatin1Char('$'))) {
            QStringList words = inner.mid(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            const QString name = words.isEmpty() ? QString() : words.takeFirst();
            if (const auto v = dynamicValue(name, words)) {
                appendPart(out, *v, true);
            } else {
                addUnresolved(unresolved, inner);
                appendPart(out, reference, fromVariable);
            }
            return;
        }
        // An unknown name, a cycle (the name is being expanded already) or a chain too deep:
        // the reference stays as written so the user sees what did not resolve.
        if (inner.isEmpty() || !has(inner) || stack.contains(inner) || stack.size() >= maxDepth) {
            addUnresolved(unresolved, inner);
            appendPart(out, reference, fromVariable);
            return;
        }
        stack.append(inner);
        resolveInto(value(inner), out, true, stack, unresolved);
        stack.removeLast();
    });
    appendPart(out, text.mid(pos), fromVariable);
}

} // namespace bb::tester
