#include "workspace/yaml_json_p.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace bb::workspace::detail {

namespace {

constexpr int kMaxDepth = 256;
constexpr qsizetype kMaxNodes = 2'000'000;

struct LimitExceeded {
    QString what;
    YAML::Mark mark;
};

QJsonValue scalar(const YAML::Node &n)
{
    const std::string &s = n.Scalar();
    const QString text = QString::fromStdString(s);
    // A quoted scalar (tag "!") or an explicit !!str is always text.
    if (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str")
        return text;
    static const QRegularExpression nullRe(QStringLiteral("^(~|null|Null|NULL|)$"));
    static const QRegularExpression trueRe(QStringLiteral("^(true|True|TRUE)$"));
    static const QRegularExpression falseRe(QStringLiteral("^(false|False|FALSE)$"));
    static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression floatRe(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (nullRe.match(text).hasMatch())
        return QJsonValue::Null;
    if (trueRe.match(text).hasMatch())
        return true;
    if (falseRe.match(text).hasMatch())
        return false;
    if (intRe.match(text).hasMatch() || floatRe.match(text).hasMatch()) {
        bool ok = false;
        const double d = text.toDouble(&ok);
        if (ok)
            return d;
    }
    return text;
}

QJsonValue convert(const YAML::Node &n, int depth, qsizetype &nodes)
{
    if (depth > kMaxDepth)
        throw LimitExceeded{QStringLiteral("nesting deeper than %1").arg(kMaxDepth), n.Mark()};
    if (++nodes > kMaxNodes)
        throw LimitExceeded{QStringLiteral("more than %1 nodes (aliases expanded)").arg(kMaxNodes),
                            n.Mark()};
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar:
        return scalar(n);
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const YAML::Node &c : n)
            a.append(convert(c, depth + 1, nodes));
        return a;
    }
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto &kv : n) {
            // JSON keys are strings; YAML's may be anything, so non-scalars are written out.
            const QString key = kv.first.IsScalar() ? QString::fromStdString(kv.first.Scalar())
                                                    : QString::fromStdString(YAML::Dump(kv.first));
            o.insert(key, convert(kv.second, depth + 1, nodes));
        }
        return o;
    }
    }
    return QJsonValue::Null;
}

bb::Error errorAt(const QString &what, const YAML::Mark &m, qsizetype size)
{
    // yaml-cpp may point one past the end (or nowhere, -1); positions stay inside the input.
    const int pos = int(std::clamp<qsizetype>(m.pos, 0, size));
    return bb::Error::invalid(QStringLiteral("YAML error at line %1, column %2: %3")
                                  .arg(std::max(m.line, 0) + 1)
                                  .arg(std::max(m.column, 0) + 1)
                                  .arg(what),
                              pos);
}

} // namespace

bb::Result<QJsonValue> parseYaml(const QByteArray &text)
{
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        qsizetype nodes = 0;
        return convert(root, 0, nodes);
    } catch (const YAML::Exception &e) {
        return errorAt(QString::fromStdString(e.msg), e.mark, text.size());
    } catch (const LimitExceeded &e) {
        return errorAt(e.what, e.mark, text.size());
    }
}

} // namespace bb::workspace::detail
