#include "hex_view.h"

#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>

namespace bb::plugins::endpoints {

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lineHeight = QFontMetrics(font()).height();
}

void HexView::setSource(BodySourcePtr source)
{
    m_source = std::move(source);
    verticalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

qint64 HexView::rowCount() const
{
    return m_source ? (m_source->size() + kBytesPerRow - 1) / kBytesPerRow : 0;
}

QString HexView::rowText(qint64 row) const
{
    if (!m_source || row < 0 || row >= rowCount())
        return {};
    const QByteArrayView bytes = m_source->view(row * kBytesPerRow, kBytesPerRow);
    QString hex, ascii;
    for (int i = 0; i < kBytesPerRow; ++i) {
        if (i < bytes.size()) {
            const uchar c = uchar(bytes[i]);
            hex += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
            ascii += c >= 0x20 && c < 0x7f ? QChar(c) : QLatin1Char('.');
        } else {
            hex += QStringLiteral("   ");
        }
        if (i == 7)
            hex += QLatin1Char(' ');
    }
    return QStringLiteral("%1  %2 |%3|")
        .arg(row * kBytesPerRow, 8, 16, QLatin1Char('0'))
        .arg(hex, ascii);
}

void HexView::updateScrollBars()
{
    const int page = std::max(1, viewport()->height() / m_lineHeight);
    verticalScrollBar()->setRange(
        0, int(std::min<qint64>(INT_MAX, std::max<qint64>(0, rowCount() - page + 1))));
    verticalScrollBar()->setPageStep(page);
    const int width = QFontMetrics(font()).horizontalAdvance(QString(78, QLatin1Char('0')));
    horizontalScrollBar()->setRange(0, std::max(0, width - viewport()->width()));
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Text));
    p.setFont(font());
    const qint64 first = verticalScrollBar()->value();
    const int rows = viewport()->height() / m_lineHeight + 1;
    const int ascent = QFontMetrics(font()).ascent();
    for (int i = 0; i < rows && first + i < rowCount(); ++i)
        p.drawText(4 - horizontalScrollBar()->value(), i * m_lineHeight + ascent,
                   rowText(first + i));
}

} // namespace bb::plugins::endpoints
