#include "body_editor.h"

#include "form_field_model.h"
#include "key_value_model.h"
#include "row_table.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

using Kind = workspace::Body::Kind;

namespace {

// The raw body's language picker; the content type goes into the body (and so the header the
// request builder adds when the user set none).
const QList<QPair<QString, QString>> &rawTypes()
{
    static const QList<QPair<QString, QString>> types{
        {QStringLiteral("JSON"), QStringLiteral("application/json")},
        {QStringLiteral("Text"), QStringLiteral("text/plain")},
        {QStringLiteral("XML"), QStringLiteral("application/xml")},
        {QStringLiteral("HTML"), QStringLiteral("text/html")},
        {QStringLiteral("JavaScript"), QStringLiteral("application/javascript")},
    };
    return types;
}

QPlainTextEdit *monospaceEditor(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(false);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

} // namespace

BodyEditor::BodyEditor(QWidget *parent)
    : QWidget(parent)
{
    m_kinds = new QButtonGroup(this);
    auto *kindRow = new QHBoxLayout;
    kindRow->setContentsMargins(0, 0, 0, 0);
    const QList<QPair<Kind, QString>> kinds{
        {Kind::None, tr("None")},
        {Kind::Raw, tr("Raw")},
        {Kind::UrlEncoded, tr("x-www-form-urlencoded")},
        {Kind::Multipart, tr("Multipart form")},
        {Kind::File, tr("Binary file")},
        {Kind::GraphQl, tr("GraphQL")},
    };
    for (const auto &[kind, label] : kinds) {
        auto *button = new QRadioButton(label, this);
        button->setObjectName(QStringLiteral("bodyKind_%1").arg(workspace::bodyKindName(kind)));
        m_kinds->addButton(button, int(kind));
        kindRow->addWidget(button);
    }
    m_rawType = new QComboBox(this);
    m_rawType->setObjectName(QStringLiteral("rawContentType"));
    for (const auto &[label, type] : rawTypes())
        m_rawType->addItem(label, type);
    m_rawType->setEditable(true);
    m_rawType->setToolTip(tr("Language and Content-Type of the raw body"));
    kindRow->addStretch(1);
    kindRow->addWidget(m_rawType);

    m_pages = new QStackedWidget(this);
    auto *none = new QLabel(tr("This request has no body."), this);
    none->setAlignment(Qt::AlignCenter);
    none->setEnabled(false);
    m_pages->addWidget(none);

    m_raw = monospaceEditor(QStringLiteral("rawBody"), tr("{ \"name\": \"{{name}}\" }"), this);
    m_pages->addWidget(m_raw);

    m_urlEncoded = new KeyValueModel(this);
    m_pages->addWidget(new RowTable(
        m_urlEncoded, [this](int row) { m_urlEncoded->removeItem(row); }, this));

    m_multipart = new FormFieldModel(this);
    auto *multipartPage = new QWidget(this);
    auto *multipartTable = new RowTable(
        m_multipart, [this](int row) { m_multipart->removeField(row); }, multipartPage);
    multipartTable->setObjectName(QStringLiteral("multipartTable"));
    auto *addFile = new QPushButton(tr("Attach file…"), multipartPage);
    addFile->setObjectName(QStringLiteral("multipartAttach"));
    addFile->setToolTip(tr("Make the selected part (or a new one) a file part"));
    connect(addFile, &QPushButton::clicked, this, &BodyEditor::pickMultipartFile);
    auto *multipartLayout = new QVBoxLayout(multipartPage);
    multipartLayout->setContentsMargins(0, 0, 0, 0);
    multipartLayout->addWidget(multipartTable);
    multipartLayout->addWidget(addFile, 0, Qt::AlignLeft);
    m_pages->addWidget(multipartPage);

    auto *filePage = new QWidget(this);
    m_file = new QLineEdit(filePage);
    m_file->setObjectName(QStringLiteral("bodyFile"));
    m_file->setPlaceholderText(tr("The file whose bytes are sent as the body"));
    auto *browse = new QPushButton(tr("Choose…"), filePage);
    connect(browse, &QPushButton::clicked, this, &BodyEditor::pickBinaryFile);
    auto *fileLayout = new QHBoxLayout(filePage);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(m_file, 1);
    fileLayout->addWidget(browse);
    auto *fileOuter = new QWidget(this);
    auto *fileOuterLayout = new QVBoxLayout(fileOuter);
    fileOuterLayout->setContentsMargins(0, 0, 0, 0);
    fileOuterLayout->addWidget(filePage);
    fileOuterLayout->addStretch(1);
    m_pages->addWidget(fileOuter);

    auto *graphQl = new QSplitter(Qt::Horizontal, this);
    m_graphQl = monospaceEditor(QStringLiteral("graphQlQuery"), tr("query { ... }"), graphQl);
    m_graphQlVariables =
        monospaceEditor(QStringLiteral("graphQlVariables"), tr("Variables (JSON)"), graphQl);
    graphQl->addWidget(m_graphQl);
    graphQl->addWidget(m_graphQlVariables);
    graphQl->setStretchFactor(0, 3);
    graphQl->setStretchFactor(1, 2);
    auto *graphQlPage = new QWidget(this);
    auto *loadSchema = new QPushButton(tr("Load schema"), graphQlPage);
    loadSchema->setObjectName(QStringLiteral("loadSchema"));
    loadSchema->setToolTip(tr("Ask the endpoint for its schema (introspection) to complete "
                              "field names with Ctrl+Space"));
    connect(loadSchema, &QPushButton::clicked, this, &BodyEditor::schemaRequested);
    m_schemaStatus = new QLabel(graphQlPage);
    m_schemaStatus->setEnabled(false);
    auto *schemaRow = new QHBoxLayout;
    schemaRow->addWidget(loadSchema);
    schemaRow->addWidget(m_schemaStatus, 1);
    auto *graphQlLayout = new QVBoxLayout(graphQlPage);
    graphQlLayout->setContentsMargins(0, 0, 0, 0);
    graphQlLayout->addWidget(graphQl, 1);
    graphQlLayout->addLayout(schemaRow);
    m_pages->addWidget(graphQlPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(kindRow);
    layout->addWidget(m_pages, 1);

    auto changed = [this] {
        if (!m_loading)
            emit edited();
    };
    connect(m_kinds, &QButtonGroup::idClicked, this, [this, changed](int id) {
        showKind(Kind(id));
        changed();
    });
    connect(m_rawType, &QComboBox::currentTextChanged, this, changed);
    connect(m_raw, &QPlainTextEdit::textChanged, this, changed);
    connect(m_urlEncoded, &KeyValueModel::edited, this, changed);
    connect(m_multipart, &FormFieldModel::edited, this, changed);
    connect(m_file, &QLineEdit::textChanged, this, changed);
    connect(m_graphQl, &QPlainTextEdit::textChanged, this, changed);
    connect(m_graphQlVariables, &QPlainTextEdit::textChanged, this, changed);
    setBody({});
}

void BodyEditor::showKind(Kind kind)
{
    m_pages->setCurrentIndex(int(kind));
    m_rawType->setVisible(kind == Kind::Raw);
}

void BodyEditor::setBody(const workspace::Body &body)
{
    m_loading = true;
    m_kinds->button(int(body.kind))->setChecked(true);
    showKind(body.kind);
    const int typeIndex = m_rawType->findData(body.contentType);
    if (typeIndex >= 0)
        m_rawType->setCurrentIndex(typeIndex);
    else if (body.contentType.isEmpty())
        m_rawType->setCurrentIndex(0);
    else
        m_rawType->setEditText(body.contentType);
    m_raw->setPlainText(body.kind == Kind::Raw ? body.text : QString());
    QList<workspace::KeyValue> pairs;
    if (body.kind == Kind::UrlEncoded) {
        for (const workspace::FormField &f : body.fields)
            pairs.append({f.name, f.value, f.enabled});
    }
    m_urlEncoded->setItems(pairs);
    m_multipart->setFields(body.kind == Kind::Multipart ? body.fields
                                                        : QList<workspace::FormField>());
    m_file->setText(body.filePath);
    m_graphQl->setPlainText(body.kind == Kind::GraphQl ? body.text : QString());
    m_graphQlVariables->setPlainText(body.graphqlVariables);
    m_loading = false;
}

workspace::Body BodyEditor::body() const
{
    workspace::Body body;
    body.kind = Kind(m_kinds->checkedId());
    switch (body.kind) {
    case Kind::None:
        break;
    case Kind::Raw: {
        body.text = m_raw->toPlainText();
        const int i = m_rawType->findText(m_rawType->currentText());
        body.contentType = i >= 0 ? m_rawType->itemData(i).toString() : m_rawType->currentText();
        break;
    }
    case Kind::UrlEncoded:
        body.contentType = QStringLiteral("application/x-www-form-urlencoded");
        for (const workspace::KeyValue &kv : m_urlEncoded->items())
            body.fields.append({kv.name, kv.value, {}, {}, kv.enabled});
        break;
    case Kind::Multipart:
        body.fields = m_multipart->fields();
        break;
    case Kind::File:
        body.filePath = m_file->text();
        break;
    case Kind::GraphQl:
        body.contentType = QStringLiteral("application/json");
        body.text = m_graphQl->toPlainText();
        body.graphqlVariables = m_graphQlVariables->toPlainText();
        break;
    }
    return body;
}

void BodyEditor::setSchemaStatus(const QString &text)
{
    m_schemaStatus->setText(text);
}

void BodyEditor::pickMultipartFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Attach a file"));
    if (path.isEmpty())
        return;
    auto *table = findChild<QTableView *>(QStringLiteral("multipartTable"));
    const int row = table && table->currentIndex().isValid() ? table->currentIndex().row()
                                                             : int(m_multipart->fields().size());
    m_multipart->setFile(row, path);
}

void BodyEditor::pickBinaryFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Send a file as the body"));
    if (!path.isEmpty())
        m_file->setText(path);
}

} // namespace bb::plugins::endpoints
