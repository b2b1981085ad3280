#include "value_viewer.h"

#include "counted.h"
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace bb::plugins::database {

ValueViewer::ValueViewer(const QString &title, const QVariant &value, QWidget *parent)
    : QDialog(parent)
    , m_value(value)
    , m_mode(new QComboBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_info(new QLabel(this))
{
    setWindowTitle(title);
    resize(640, 420);
    m_mode->addItems({tr("Text"), tr("JSON"), tr("Hex")});
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Show as"), this));
    top->addWidget(m_mode);
    top->addStretch();
    top->addWidget(m_info);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_text);
    layout->addWidget(buttons);

    const bool blob = value.typeId() == QMetaType::QByteArray;
    Mode initial = blob ? Mode::Hex : Mode::Text;
    if (!blob && !prettyJson(value.toString().toUtf8()).isEmpty())
        initial = Mode::Json;
    m_mode->setCurrentIndex(int(initial));
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ValueViewer::render);
    render();
}

ValueViewer::Mode ValueViewer::mode() const
{
    return Mode(m_mode->currentIndex());
}

void ValueViewer::setMode(Mode mode)
{
    m_mode->setCurrentIndex(int(mode));
}

QString ValueViewer::shownText() const
{
    return m_text->toPlainText();
}

QString ValueViewer::hexDump(const QByteArray &bytes, int maxBytes)
{
    QString out;
    const int n = std::min<int>(int(bytes.size()), maxBytes);
    out.reserve(n * 4 + 16);
    for (int row = 0; row < n; row += 16) {
        out += QStringLiteral("%1  ").arg(row, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (row + i < n) {
                const auto b = static_cast<unsigned char>(bytes[row + i]);
                out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QChar(b) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1Char(' ') + ascii + QLatin1Char('\n');
    }
    if (bytes.size() > n)
        out += QStringLiteral("… %1 more bytes\n").arg(bytes.size() - n);
    return out;
}

QString ValueViewer::prettyJson(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return {};
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

void ValueViewer::render()
{
    const bool blob = m_value.typeId() == QMetaType::QByteArray;
    const QByteArray bytes = blob ? m_value.toByteArray() : m_value.toString().toUtf8();
    if (m_value.isNull()) {
        m_text->setPlainText(QStringLiteral("NULL"));
        m_info->setText(tr("NULL"));
        return;
    }
    m_info->setText(blob ? counted(bytes.size(), "byte", "bytes")
                         : counted(m_value.toString().size(), "character", "characters"));
    switch (mode()) {
    case Mode::Text:
        m_text->setPlainText(blob ? QString::fromUtf8(bytes) : m_value.toString());
        break;
    case Mode::Json: {
        const QString pretty = prettyJson(bytes);
        m_text->setPlainText(pretty.isEmpty() ? tr("(not JSON)") : pretty);
        break;
    }
    case Mode::Hex:
        m_text->setPlainText(hexDump(bytes));
        break;
    }
}

} // namespace bb::plugins::database
