// bb::plugins::database — the whole of one cell's value: as text, as pretty JSON when it parses,
// or as a hex dump (the default for BLOBs).
#pragma once

#include <QDialog>
#include <QVariant>

class QComboBox;
class QPlainTextEdit;
class QLabel;

namespace bb::plugins::database {

class ValueViewer : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Text = 0, Json, Hex };

    ValueViewer(const QString &title, const QVariant &value, QWidget *parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    QString shownText() const;

    /// `bytes` as lines of "offset  hex bytes  ascii", 16 bytes a line.
    static QString hexDump(const QByteArray &bytes, int maxBytes = 1 << 20);
    /// `text` re-indented when it is a JSON object or array; empty when it is not JSON.
    static QString prettyJson(const QByteArray &text);

private:
    void render();

    QVariant m_value;
    QComboBox *m_mode;
    QPlainTextEdit *m_text;
    QLabel *m_info;
};

} // namespace bb::plugins::database
