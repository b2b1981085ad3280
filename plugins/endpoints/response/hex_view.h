// bb::plugins::endpoints — offset, hex and ASCII columns for binary bodies, 16 bytes a row,
// painted only for the rows on screen.
#pragma once

#include "body_source.h"

#include <QAbstractScrollArea>

namespace bb::plugins::endpoints {

class HexView : public QAbstractScrollArea {
    Q_OBJECT
public:
    static constexpr int kBytesPerRow = 16;

    explicit HexView(QWidget *parent = nullptr);
    void setSource(BodySourcePtr source);
    qint64 rowCount() const;
    /// The text painted for `row`: "00000010  48 65 ...  |He...|".
    QString rowText(qint64 row) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateScrollBars();

    BodySourcePtr m_source;
    int m_lineHeight = 16;
};

} // namespace bb::plugins::endpoints
