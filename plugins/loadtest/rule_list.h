// bb::plugins::loadtest — an editable list of one-line rules (thresholds, checks), each checked
// as it is typed by the core parser, whose error (with its position) shows beside the line.
// The Status column says "valid" before a run (not ✓, which would read as "passed"); after a
// run it gives the rule's outcome, until the rule is edited.
#pragma once

#include <QStringList>
#include <QWidget>

#include <functional>

class QTableWidget;
class QLabel;

namespace bb::plugins::loadtest {

class RuleList : public QWidget {
    Q_OBJECT
public:
    /// Empty string = valid, else the parser's message.
    using Validator = std::function<QString(const QString &)>;

    RuleList(const QString &placeholder, Validator validator, QWidget *parent = nullptr);

    QStringList rules() const; ///< non-empty lines, trimmed
    void setRules(const QStringList &rules);
    void addRule(const QString &text = {});
    /// The first problem as "rule: message", or empty when every rule parses.
    QString problem() const;
    bool isValid() const { return problem().isEmpty(); }
    QTableWidget *table() const { return m_table; }

    /// After a run: every row whose rule reads `rule` shows "passed (detail)" in green or
    /// "failed (detail)" in red. Editing that rule (or clearOutcomes) makes it "valid" again.
    void setOutcome(const QString &rule, bool passed, const QString &detail);
    /// Every row back to "valid" or its parse error (a new run starts).
    void clearOutcomes();

signals:
    void changed();

private:
    void validateRow(int row);

    Validator m_validator;
    QString m_placeholder;
    QTableWidget *m_table;
    bool m_updating = false;
};

} // namespace bb::plugins::loadtest
