// A small YAML emitter for the workspace files. yaml-cpp's emitter cannot write a block literal
// that round-trips every string (it has no chomping or indentation indicators), and the files
// must be diff-friendly: scripts and bodies as block literals, one line of text per line of file.
#pragma once

#include <QByteArray>
#include <QString>

namespace bb::workspace::detail {

/// True for the strings written without quotes: a conservative subset that every YAML reader
/// takes as exactly this string (no indicator first, no ": ", no '#', not null/true/false...).
bool isPlainScalar(const QString &s);

/// Appends YAML text line by line. The caller writes keys in order; nesting is by indent level.
class YamlWriter {
public:
    /// `key: value` at the current indent; the value is written plain, quoted or as a literal.
    void scalar(const char *key, const QString &value);
    void boolean(const char *key, bool value);
    void integer(const char *key, int value);
    /// `key:` opening a nested mapping; end it with leave().
    void beginMap(const char *key);
    /// `key:` opening a sequence of mappings; each item starts with item() and ends with leave().
    void beginSeq(const char *key);
    /// `- ` starting one mapping item of the open sequence.
    void item();
    /// `- value` for a sequence of scalars.
    void seqScalar(const QString &value);
    void leave();
    /// A `# ...` comment line at the current indent.
    void comment(const QString &text);

    QByteArray take() { return std::move(m_out); }

private:
    void keyPrefix(const char *key);
    void value(const QString &v);

    QByteArray m_out;
    int m_indent = 0;
    bool m_pendingItem = false; ///< the next key follows "- " on the same line
};

} // namespace bb::workspace::detail
