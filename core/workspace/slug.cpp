#include "workspace/slug_p.h"

#include <QStringList>

namespace bb::workspace::detail {

QString slugify(const QString &name, const QString &fallback)
{
    constexpr qsizetype kMaxLength = 60;
    // NFKD splits "é" into "e" and a combining accent, which is then dropped below.
    const QString decomposed = name.normalized(QString::NormalizationForm_KD).toLower();
    QString out;
    bool dash = false;
    for (QChar c : decomposed) {
        const char16_t u = c.unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')) {
            if (dash && !out.isEmpty())
                out += u'-';
            dash = false;
            out += c;
            if (out.size() >= kMaxLength)
                break;
        } else if (c.category() != QChar::Mark_NonSpacing) {
            dash = true;
        }
    }
    if (out.isEmpty())
        out = fallback;
    static const QStringList reserved = {
        QStringLiteral("con"),  QStringLiteral("prn"),         QStringLiteral("aux"),
        QStringLiteral("nul"),  QStringLiteral("com1"),        QStringLiteral("com2"),
        QStringLiteral("com3"), QStringLiteral("com4"),        QStringLiteral("com5"),
        QStringLiteral("com6"), QStringLiteral("com7"),        QStringLiteral("com8"),
        QStringLiteral("com9"), QStringLiteral("lpt1"),        QStringLiteral("lpt2"),
        QStringLiteral("lpt3"), QStringLiteral("lpt4"),        QStringLiteral("lpt5"),
        QStringLiteral("lpt6"), QStringLiteral("lpt7"),        QStringLiteral("lpt8"),
        QStringLiteral("lpt9"), QStringLiteral("environments")};
    if (reserved.contains(out))
        out += QStringLiteral("-1");
    return out;
}

} // namespace bb::workspace::detail
