#include "auth_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

using Kind = workspace::Auth::Kind;

QLineEdit *AuthEditor::field(const QString &name, bool secret)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QStringLiteral("auth_") + name);
    if (secret)
        edit->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    edit->setPlaceholderText(tr("text or {{variable}}"));
    connect(edit, &QLineEdit::textChanged, this, [this] {
        if (!m_loading)
            emit edited();
    });
    m_fields.insert(name, edit);
    return edit;
}

AuthEditor::AuthEditor(QWidget *parent)
    : QWidget(parent)
{
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("authKind"));
    const QList<QPair<Kind, QString>> kinds{
        {Kind::None, tr("No auth")},        {Kind::Basic, tr("Basic")},
        {Kind::Bearer, tr("Bearer token")}, {Kind::ApiKey, tr("API key")},
        {Kind::Digest, tr("Digest")},       {Kind::AwsV4, tr("AWS Signature v4")},
        {Kind::OAuth2, tr("OAuth 2.0")},
    };
    for (const auto &[kind, label] : kinds)
        m_kind->addItem(label, int(kind));

    m_pages = new QStackedWidget(this);
    auto page = [this](const QString &hint) {
        auto *w = new QWidget(this);
        auto *form = new QFormLayout(w);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        if (!hint.isEmpty()) {
            auto *label = new QLabel(hint, w);
            label->setWordWrap(true);
            label->setEnabled(false);
            form->addRow(label);
        }
        m_pages->addWidget(w);
        return form;
    };

    page(tr("The request is sent without credentials (headers you add yourself still go out)."));

    QFormLayout *basic = page({});
    basic->addRow(tr("Username"), field(QStringLiteral("basicUser")));
    basic->addRow(tr("Password"), field(QStringLiteral("basicPassword"), true));

    QFormLayout *bearer = page(tr("Sent as \"Authorization: Bearer <token>\"."));
    bearer->addRow(tr("Token"), field(QStringLiteral("bearerToken"), true));

    QFormLayout *apiKey = page({});
    apiKey->addRow(tr("Key"), field(QStringLiteral("keyName")));
    apiKey->addRow(tr("Value"), field(QStringLiteral("keyValue"), true));
    m_keyIn = new QComboBox(this);
    m_keyIn->setObjectName(QStringLiteral("auth_keyIn"));
    m_keyIn->addItem(tr("Header"), int(workspace::Auth::ApiKeyIn::Header));
    m_keyIn->addItem(tr("Query parameter"), int(workspace::Auth::ApiKeyIn::Query));
    apiKey->addRow(tr("Add to"), m_keyIn);

    QFormLayout *digest = page(tr("libcurl answers the server's challenge (nonce) itself."));
    digest->addRow(tr("Username"), field(QStringLiteral("digestUser")));
    digest->addRow(tr("Password"), field(QStringLiteral("digestPassword"), true));

    QFormLayout *aws = page({});
    aws->addRow(tr("Access key"), field(QStringLiteral("accessKey")));
    aws->addRow(tr("Secret key"), field(QStringLiteral("secretKey"), true));
    aws->addRow(tr("Region"), field(QStringLiteral("region")));
    aws->addRow(tr("Service"), field(QStringLiteral("service")));
    aws->addRow(tr("Session token"), field(QStringLiteral("sessionToken"), true));

    QFormLayout *oauth = page({});
    m_grant = new QComboBox(this);
    m_grant->setObjectName(QStringLiteral("auth_grant"));
    m_grant->addItem(tr("Client credentials"), QStringLiteral("client_credentials"));
    m_grant->addItem(tr("Authorization code"), QStringLiteral("authorization_code"));
    oauth->addRow(tr("Grant type"), m_grant);
    oauth->addRow(tr("Auth URL"), field(QStringLiteral("authUrl")));
    oauth->addRow(tr("Token URL"), field(QStringLiteral("tokenUrl")));
    oauth->addRow(tr("Client ID"), field(QStringLiteral("clientId")));
    oauth->addRow(tr("Client secret"), field(QStringLiteral("clientSecret"), true));
    oauth->addRow(tr("Scope"), field(QStringLiteral("scope")));
    QLineEdit *redirect = field(QStringLiteral("redirectUri"));
    redirect->setPlaceholderText(tr("empty = a 127.0.0.1 port picked when needed"));
    oauth->addRow(tr("Redirect URI"), redirect);
    m_pkce = new QCheckBox(tr("PKCE (S256 code challenge)"), this);
    oauth->addRow(QString(), m_pkce);
    oauth->addRow(tr("Access token"), field(QStringLiteral("oauthToken"), true));
    m_getToken = new QPushButton(tr("Get token"), this);
    m_getToken->setObjectName(QStringLiteral("auth_getToken"));
    m_getToken->setVisible(false);
    oauth->addRow(QString(), m_getToken);
    connect(m_getToken, &QPushButton::clicked, this, [this] { emit tokenRequested(auth()); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QFormLayout;
    top->addRow(tr("Type"), m_kind);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    auto changed = [this] {
        if (!m_loading)
            emit edited();
    };
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this, changed](int i) {
        m_pages->setCurrentIndex(i);
        changed();
    });
    connect(m_keyIn, &QComboBox::currentIndexChanged, this, changed);
    connect(m_grant, &QComboBox::currentIndexChanged, this, changed);
    connect(m_pkce, &QCheckBox::toggled, this, changed);
    setAuth({});
}

void AuthEditor::setTokenSourceAvailable(bool available)
{
    m_getToken->setVisible(available);
}

void AuthEditor::setOAuth2Token(const QString &token)
{
    m_fields.value(QStringLiteral("oauthToken"))->setText(token);
}

void AuthEditor::setAuth(const workspace::Auth &a)
{
    m_loading = true;
    m_kind->setCurrentIndex(m_kind->findData(int(a.kind)));
    m_pages->setCurrentIndex(m_kind->currentIndex());
    auto set = [this](const char *name, const QString &value) {
        m_fields.value(QLatin1String(name))->setText(value);
    };
    const bool digest = a.kind == Kind::Digest;
    set("basicUser", digest ? QString() : a.username);
    set("basicPassword", digest ? QString() : a.password);
    set("digestUser", digest ? a.username : QString());
    set("digestPassword", digest ? a.password : QString());
    set("bearerToken", a.kind == Kind::OAuth2 ? QString() : a.token);
    set("oauthToken", a.kind == Kind::OAuth2 ? a.token : QString());
    set("keyName", a.keyName);
    set("keyValue", a.keyValue);
    set("accessKey", a.accessKey);
    set("secretKey", a.secretKey);
    set("region", a.region);
    set("service", a.service);
    set("sessionToken", a.sessionToken);
    set("authUrl", a.authUrl);
    set("tokenUrl", a.tokenUrl);
    set("clientId", a.clientId);
    set("clientSecret", a.clientSecret);
    set("scope", a.scope);
    set("redirectUri", a.redirectUri);
    m_keyIn->setCurrentIndex(m_keyIn->findData(int(a.keyIn)));
    const int grant = m_grant->findData(a.grantType);
    m_grant->setCurrentIndex(grant < 0 ? 0 : grant);
    m_pkce->setChecked(a.pkce);
    m_loading = false;
}

workspace::Auth AuthEditor::auth() const
{
    workspace::Auth a;
    a.kind = Kind(m_kind->currentData().toInt());
    auto get = [this](const char *name) { return m_fields.value(QLatin1String(name))->text(); };
    switch (a.kind) {
    case Kind::None:
        break;
    case Kind::Basic:
        a.username = get("basicUser");
        a.password = get("basicPassword");
        break;
    case Kind::Digest:
        a.username = get("digestUser");
        a.password = get("digestPassword");
        break;
    case Kind::Bearer:
        a.token = get("bearerToken");
        break;
    case Kind::ApiKey:
        a.keyName = get("keyName");
        a.keyValue = get("keyValue");
        a.keyIn = workspace::Auth::ApiKeyIn(m_keyIn->currentData().toInt());
        break;
    case Kind::AwsV4:
        a.accessKey = get("accessKey");
        a.secretKey = get("secretKey");
        a.region = get("region");
        a.service = get("service");
        a.sessionToken = get("sessionToken");
        break;
    case Kind::OAuth2:
        a.grantType = m_grant->currentData().toString();
        a.authUrl = get("authUrl");
        a.tokenUrl = get("tokenUrl");
        a.clientId = get("clientId");
        a.clientSecret = get("clientSecret");
        a.scope = get("scope");
        a.redirectUri = get("redirectUri");
        a.pkce = m_pkce->isChecked();
        a.token = get("oauthToken");
        break;
    }
    return a;
}

} // namespace bb::plugins::endpoints
