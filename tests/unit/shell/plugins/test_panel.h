// Test-only panel used by the test plugins: a label naming the panel, so tests can find it.
#pragma once

#include "shell/ipanel.h"

#include <QLabel>

class TestPanel final : public bb::shell::IPanel {
public:
    TestPanel(QString id, QString title, int order)
        : m_id(std::move(id))
        , m_title(std::move(title))
        , m_order(order)
    {}
    QString id() const override { return m_id; }
    QString title() const override { return m_title; }
    QIcon icon() const override { return {}; }
    int order() const override { return m_order; }
    QWidget *createWidget(bb::shell::ShellContext &) override
    {
        auto *label = new QLabel(QStringLiteral("panel:") + m_id);
        label->setObjectName(QStringLiteral("panel-") + m_id);
        return label;
    }

private:
    QString m_id;
    QString m_title;
    int m_order;
};
