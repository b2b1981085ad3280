// bb::plugins::endpoints — a line edit that colours `{{variables}}`: known ones in the accent
// colour with their value as tooltip, unknown ones in red, so a typo shows before sending.
#pragma once

#include <QLineEdit>

#include <functional>
#include <optional>

namespace bb::plugins::endpoints {

/// Looks a variable up; nullopt = not defined in any scope.
using VariableLookup = std::function<std::optional<QString>(const QString &name)>;

/// A `{{name}}` reference in a text: where it starts, how long it is, and the name inside.
struct VariableRef {
    int start = 0;
    int length = 0;
    QString name;
};
/// Every `{{name}}` in text, left to right (names are trimmed; `{{ }}` is not a reference).
QList<VariableRef> variableRefs(const QString &text);

class VariableLineEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit VariableLineEdit(QWidget *parent = nullptr);

    void setLookup(VariableLookup lookup);
    /// Re-colours after the variables changed (environment switched or edited).
    void refreshHighlight();
    /// The names in the text no scope defines, in order of appearance.
    QStringList unresolvedNames() const;

protected:
    bool event(QEvent *event) override;

private:
    VariableLookup m_lookup;
};

} // namespace bb::plugins::endpoints
