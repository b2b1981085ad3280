#include "settings_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

QLineEdit *SettingsEditor::pathField(const QString &name, const QString &filter)
{
    auto *edit = new QLineEdit(m_form);
    edit->setObjectName(name);
    auto *browse = new QPushButton(tr("Choose…"), m_form);
    connect(browse, &QPushButton::clicked, this, [this, edit, filter] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a file"), {}, filter);
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto *row = new QWidget(m_form);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    edit->setProperty("row", QVariant::fromValue<QWidget *>(row));
    return edit;
}

SettingsEditor::SettingsEditor(QWidget *parent)
    : QWidget(parent)
{
    m_inherit = new QCheckBox(tr("Inherit from collection"), this);
    m_inherit->setObjectName(QStringLiteral("inheritSettings"));
    m_form = new QWidget(this);
    m_timeout = new QSpinBox(m_form);
    m_timeout->setObjectName(QStringLiteral("timeoutMs"));
    m_timeout->setRange(0, 3'600'000);
    m_timeout->setSingleStep(1000);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setSpecialValueText(tr("No timeout"));
    m_follow = new QCheckBox(tr("Follow redirects"), m_form);
    m_maxRedirects = new QSpinBox(m_form);
    m_maxRedirects->setRange(0, 50);
    m_verifyTls = new QCheckBox(tr("Verify the server's TLS certificate"), m_form);
    const QString pem = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    m_caBundle = pathField(QStringLiteral("caBundle"), pem);
    m_caBundle->setPlaceholderText(tr("empty = the system's certificate store"));
    m_clientCert = pathField(QStringLiteral("clientCert"), pem);
    m_clientKey = pathField(QStringLiteral("clientKey"), pem);
    m_proxy = new QLineEdit(m_form);
    m_proxy->setPlaceholderText(tr("e.g. http://127.0.0.1:3128; empty = none"));
    m_httpVersion = new QComboBox(m_form);
    m_httpVersion->addItem(tr("Automatic"), QString());
    m_httpVersion->addItem(QStringLiteral("HTTP/1.1"), QStringLiteral("1.1"));
    m_httpVersion->addItem(QStringLiteral("HTTP/2"), QStringLiteral("2"));

    auto *form = new QFormLayout(m_form);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Timeout"), m_timeout);
    form->addRow(QString(), m_follow);
    form->addRow(tr("Max redirects"), m_maxRedirects);
    form->addRow(QString(), m_verifyTls);
    form->addRow(tr("CA bundle"), m_caBundle->property("row").value<QWidget *>());
    form->addRow(tr("Client certificate"), m_clientCert->property("row").value<QWidget *>());
    form->addRow(tr("Client key"), m_clientKey->property("row").value<QWidget *>());
    form->addRow(tr("Proxy"), m_proxy);
    form->addRow(tr("HTTP version"), m_httpVersion);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_inherit);
    layout->addWidget(m_form);
    layout->addStretch(1);

    auto changed = [this] {
        if (!m_loading)
            emit edited();
    };
    connect(m_inherit, &QCheckBox::toggled, this, [this, changed](bool inherit) {
        m_form->setEnabled(!inherit);
        if (inherit && !m_loading)
            show(m_inherited);
        changed();
    });
    connect(m_timeout, &QSpinBox::valueChanged, this, changed);
    connect(m_follow, &QCheckBox::toggled, this, changed);
    connect(m_maxRedirects, &QSpinBox::valueChanged, this, changed);
    connect(m_verifyTls, &QCheckBox::toggled, this, changed);
    for (QLineEdit *e : {m_caBundle, m_clientCert, m_clientKey, m_proxy})
        connect(e, &QLineEdit::textChanged, this, changed);
    connect(m_httpVersion, &QComboBox::currentIndexChanged, this, changed);
    setSettings(std::nullopt);
}

void SettingsEditor::show(const workspace::RequestSettings &s)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    m_timeout->setValue(s.timeoutMs);
    m_follow->setChecked(s.followRedirects);
    m_maxRedirects->setValue(s.maxRedirects);
    m_verifyTls->setChecked(s.verifyTls);
    m_caBundle->setText(s.caBundle);
    m_clientCert->setText(s.clientCert);
    m_clientKey->setText(s.clientKey);
    m_proxy->setText(s.proxy);
    const int v = m_httpVersion->findData(s.httpVersion);
    m_httpVersion->setCurrentIndex(v < 0 ? 0 : v);
    m_loading = wasLoading;
}

void SettingsEditor::setSettings(const std::optional<workspace::RequestSettings> &own,
                                 const workspace::RequestSettings &inherited)
{
    m_loading = true;
    m_inherited = inherited;
    m_inherit->setChecked(!own.has_value());
    m_form->setEnabled(own.has_value());
    show(own.value_or(inherited));
    m_loading = false;
}

workspace::RequestSettings SettingsEditor::current() const
{
    workspace::RequestSettings s;
    s.timeoutMs = m_timeout->value();
    s.followRedirects = m_follow->isChecked();
    s.maxRedirects = m_maxRedirects->value();
    s.verifyTls = m_verifyTls->isChecked();
    s.caBundle = m_caBundle->text();
    s.clientCert = m_clientCert->text();
    s.clientKey = m_clientKey->text();
    s.proxy = m_proxy->text();
    s.httpVersion = m_httpVersion->currentData().toString();
    return s;
}

std::optional<workspace::RequestSettings> SettingsEditor::settings() const
{
    if (m_inherit->isChecked())
        return std::nullopt;
    return current();
}

} // namespace bb::plugins::endpoints
