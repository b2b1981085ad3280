#include "variable_changes.h"

#include <algorithm>

namespace bb::plugins::endpoints {

namespace {

const workspace::KeyValue *find(const QList<workspace::KeyValue> &list, const QString &name)
{
    auto it = std::find_if(list.cbegin(), list.cend(),
                           [&](const workspace::KeyValue &kv) { return kv.name == name; });
    return it == list.cend() ? nullptr : &*it;
}

} // namespace

QList<workspace::KeyValue> withChanges(QList<workspace::KeyValue> current,
                                       const QList<workspace::KeyValue> &before,
                                       const QList<workspace::KeyValue> &after,
                                       const QStringList &ignored)
{
    for (const workspace::KeyValue &kv : after) {
        if (ignored.contains(kv.name))
            continue;
        if (const workspace::KeyValue *was = find(before, kv.name); was && *was == kv)
            continue; // untouched by the scripts
        auto it = std::find_if(current.begin(), current.end(),
                               [&](const workspace::KeyValue &c) { return c.name == kv.name; });
        if (it != current.end())
            *it = kv;
        else
            current.append(kv);
    }
    for (const workspace::KeyValue &kv : before) {
        if (!ignored.contains(kv.name) && !find(after, kv.name))
            current.removeIf([&](const workspace::KeyValue &c) { return c.name == kv.name; });
    }
    return current;
}

} // namespace bb::plugins::endpoints
