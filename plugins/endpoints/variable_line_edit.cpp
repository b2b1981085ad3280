#include "variable_line_edit.h"

#include <QHelpEvent>
#include <QInputMethodEvent>
#include <QRegularExpression>
#include <QTextCharFormat>
#include <QToolTip>

namespace bb::plugins::endpoints {

QList<VariableRef> variableRefs(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("\\{\\{([^{}]+)\\}\\}"));
    QList<VariableRef> refs;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = m.captured(1).trimmed();
        if (name.isEmpty())
            continue;
        refs.append({int(m.capturedStart()), int(m.capturedLength()), name});
    }
    return refs;
}

VariableLineEdit::VariableLineEdit(QWidget *parent)
    : QLineEdit(parent)
{
    connect(this, &QLineEdit::textChanged, this, &VariableLineEdit::refreshHighlight);
}

void VariableLineEdit::setLookup(VariableLookup lookup)
{
    m_lookup = std::move(lookup);
    refreshHighlight();
}

QStringList VariableLineEdit::unresolvedNames() const
{
    QStringList names;
    for (const VariableRef &ref : variableRefs(text())) {
        if (!m_lookup || !m_lookup(ref.name))
            names.append(ref.name);
    }
    return names;
}

void VariableLineEdit::refreshHighlight()
{
    // QLineEdit has no rich text; input-method format attributes are its supported way to colour
    // ranges without changing the text (offsets are relative to the cursor position).
    QList<QInputMethodEvent::Attribute> attributes;
    const int cursor = cursorPosition();
    for (const VariableRef &ref : variableRefs(text())) {
        QTextCharFormat format;
        const bool known = m_lookup && m_lookup(ref.name).has_value();
        format.setForeground(known ? palette().color(QPalette::Link) : QColor(0xd0, 0x30, 0x30));
        format.setFontWeight(QFont::DemiBold);
        if (!known)
            format.setFontUnderline(true);
        attributes.append({QInputMethodEvent::TextFormat, ref.start - cursor, ref.length, format});
    }
    QInputMethodEvent event(QString(), attributes);
    QLineEdit::inputMethodEvent(&event);
}

bool VariableLineEdit::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int pos = cursorPositionAt(help->pos());
        for (const VariableRef &ref : variableRefs(text())) {
            if (pos < ref.start || pos > ref.start + ref.length)
                continue;
            const auto value = m_lookup ? m_lookup(ref.name) : std::nullopt;
            QToolTip::showText(help->globalPos(),
                               value ? tr("%1 = %2").arg(ref.name, *value)
                                     : tr("%1 is not defined in the environment or the "
                                          "collection")
                                           .arg(ref.name),
                               this);
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    // The format offsets are relative to the cursor, so they move whenever it does.
    const bool result = QLineEdit::event(event);
    if (event->type() == QEvent::KeyRelease || event->type() == QEvent::MouseButtonRelease)
        refreshHighlight();
    return result;
}

} // namespace bb::plugins::endpoints
