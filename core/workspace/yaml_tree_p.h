// The YAML of the workspace files as a small tree, read two ways: a strict fast reader for the
// exact subset YamlWriter writes (what a workspace is made of, opened by the thousand), and
// yaml-cpp for everything else a user may have typed. The fuzzer checks that they agree.
#pragma once

#include "common/result.h"

#include <QString>

#include <optional>
#include <vector>

namespace bb::workspace::detail {

struct YNode {
    enum class Type { Null, Scalar, Sequence, Map };
    Type type = Type::Null;
    QString scalar;
    std::vector<QString> keys; ///< a map's keys in file order, with values[i] under keys[i]
    std::vector<YNode> values;
    std::vector<YNode> sequence;
    int pos = 0; ///< 0-based byte offset, line and column of the node, as yaml-cpp marks them
    int line = 0;
    int column = 0;

    /// The first value under `key` in a map, or nullptr.
    const YNode *get(const char *key) const;
    /// Same content (positions are not compared).
    bool sameAs(const YNode &other) const;
};

/// nullopt when the text is not in the writer's subset (then parseYamlTree decides).
std::optional<YNode> parseCanonicalYaml(const QByteArray &text);
/// Any YAML document through yaml-cpp. Errors: "line L, column C: ..." with the byte offset.
bb::Result<YNode> parseYamlTree(const QByteArray &text);

} // namespace bb::workspace::detail
