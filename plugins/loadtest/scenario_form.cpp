#include "scenario_form.h"

#include "loadtest/report_format.h"
#include "loadtest/secrets.h"
#include "rule_list.h"
#include "shell/theme.h"
#include "stage_editor.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

namespace bb::plugins::loadtest {

using bb::loadtest::Model;

namespace {

QString thresholdError(const QString &text)
{
    auto parsed = bb::loadtest::Threshold::parse(text.toStdString());
    if (auto *error = std::get_if<std::string>(&parsed))
        return QString::fromStdString(*error);
    return {};
}

QString checkError(const QString &text)
{
    auto parsed = bb::loadtest::Check::parse(text.toStdString());
    if (auto *error = std::get_if<std::string>(&parsed))
        return QString::fromStdString(*error);
    return {};
}

// Settings keys, in one place.
const QString kMethod = QStringLiteral("form/method"), kUrl = QStringLiteral("form/url"),
              kHeaders = QStringLiteral("form/headers"), kBody = QStringLiteral("form/body"),
              kName = QStringLiteral("form/name"), kModel = QStringLiteral("form/model"),
              kConnections = QStringLiteral("form/connections"),
              kThink = QStringLiteral("form/thinkTimeMs"),
              kCount = QStringLiteral("form/requestCount"), kRate = QStringLiteral("form/rate"),
              kDuration = QStringLiteral("form/durationSeconds"),
              kTimeout = QStringLiteral("form/timeoutSeconds"),
              kUseStages = QStringLiteral("form/useStages"),
              kStages = QStringLiteral("form/stages"),
              kThresholds = QStringLiteral("form/thresholds"),
              kChecks = QStringLiteral("form/checks"), kDataFile = QStringLiteral("form/dataFile"),
              kDataFolder = QStringLiteral("form/dataFolder");

} // namespace

QString observedText(const bb::loadtest::Threshold &threshold, double observed)
{
    const QLocale locale;
    if (!std::isfinite(observed))
        return QObject::tr("no data");
    if (bb::loadtest::report::isLatencyMetric(threshold.metric)) {
        if (observed < 1)
            return QObject::tr("%1 µs").arg(locale.toString(observed * 1000.0, 'f', 0));
        if (observed < 1000)
            return QObject::tr("%1 ms").arg(locale.toString(observed, 'f', observed < 10 ? 2 : 1));
        return QObject::tr("%1 s").arg(locale.toString(observed / 1000.0, 'f', 2));
    }
    if (threshold.metric == "rps")
        return QObject::tr("%1/s").arg(locale.toString(observed, 'f', observed < 100 ? 1 : 0));
    return locale.toString(observed, 'g', 4);
}

QString maskHeaderLines(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const std::string name = line.left(colon).trimmed().toStdString();
        if (bb::loadtest::isCredentialHeader(name))
            line = line.left(colon) + QStringLiteral(": ") +
                   QString::fromStdString(bb::loadtest::maskCredential(
                       name, line.mid(colon + 1).trimmed().toStdString()));
    }
    return lines.join(QLatin1Char('\n'));
}

std::variant<std::vector<std::pair<std::string, std::string>>, QString>
parseHeaderLines(const QString &text)
{
    std::vector<std::pair<std::string, std::string>> out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return QObject::tr("header line %1: expected \"Name: value\"").arg(i + 1);
        const QString name = line.left(colon).trimmed();
        for (QChar c : name) {
            if (c.isSpace() || c.unicode() < 33 || c.unicode() > 126)
                return QObject::tr("header line %1: the name has a character HTTP does not "
                                   "allow at %2")
                    .arg(i + 1)
                    .arg(name.indexOf(c) + 1);
        }
        out.emplace_back(name.toStdString(), line.mid(colon + 1).trimmed().toStdString());
    }
    return out;
}

ScenarioForm::ScenarioForm(std::optional<shell::PluginSettings> settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(std::move(settings))
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_requestName(new QLabel(this))
    , m_headers(new QPlainTextEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_closed(new QRadioButton(tr("Closed: connections wait for each answer"), this))
    , m_open(new QRadioButton(tr("Open: a fixed arrival rate"), this))
    , m_connections(new QSpinBox(this))
    , m_thinkTime(new QDoubleSpinBox(this))
    , m_requestCount(new QSpinBox(this))
    , m_rate(new QDoubleSpinBox(this))
    , m_duration(new QDoubleSpinBox(this))
    , m_timeout(new QDoubleSpinBox(this))
    , m_useStages(new QCheckBox(tr("Ramp in stages"), this))
    , m_stages(new StageEditor(this))
    , m_thresholds(new RuleList(QStringLiteral("p95<200ms"), thresholdError, this))
    , m_checks(new RuleList(QStringLiteral("status=200"), checkError, this))
    , m_problem(new QLabel(this))
    , m_dataInfo(new QLabel(this))
    , m_dataPick(new QPushButton(tr("Data file…"), this))
    , m_dataClear(new QPushButton(tr("Clear"), this))
{
    setObjectName(QStringLiteral("scenarioForm"));
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_method->setEditable(true);
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080/api/v1/posts"));
    m_url->setClearButtonEnabled(true);
    m_requestName->setForegroundRole(QPalette::PlaceholderText);
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    m_headers->setMaximumHeight(70);
    m_headers->setTabChangesFocus(true);
    m_body->setPlaceholderText(tr("Request body (optional); {{name}} comes from data rows"));
    m_body->setMaximumHeight(70);
    m_body->setTabChangesFocus(true);

    m_connections->setRange(1, 100'000);
    m_connections->setValue(10);
    m_connections->setToolTip(tr("Closed: the virtual users. Open: the connection pool that "
                                 "carries the arrivals."));
    m_thinkTime->setRange(0, 600'000);
    m_thinkTime->setSuffix(QStringLiteral(" ms"));
    m_thinkTime->setDecimals(0);
    m_requestCount->setRange(0, 2'000'000'000);
    m_requestCount->setSpecialValueText(tr("by duration"));
    m_requestCount->setToolTip(tr("Stop after exactly this many requests (0 = run for the "
                                  "duration)."));
    m_rate->setRange(0.1, 10'000'000);
    m_rate->setDecimals(1);
    m_rate->setValue(100);
    m_rate->setSuffix(tr(" req/s"));
    m_duration->setRange(0.5, 86'400);
    m_duration->setDecimals(1);
    m_duration->setValue(10);
    m_duration->setSuffix(QStringLiteral(" s"));
    m_timeout->setRange(0.1, 600);
    m_timeout->setDecimals(1);
    m_timeout->setValue(10);
    m_timeout->setSuffix(QStringLiteral(" s"));
    m_stages->setStages({{10, 10}, {20, 10}, {5, 0}});
    m_problem->setWordWrap(true);
    m_dataInfo->setObjectName(QStringLiteral("dataLabel"));
    m_dataInfo->setWordWrap(true);
    m_dataInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataPick->setToolTip(tr("Rows for {{name}} in the URL, headers and body: a CSV file with "
                              "a header row, or a JSON array of objects. Request k uses row k, "
                              "cycling."));
    m_dataClear->setToolTip(tr("Send without data rows"));
    connect(m_dataPick, &QPushButton::clicked, this, [this] {
        const QString folder = m_settings ? m_settings->value(kDataFolder).toString() : QString();
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Data file"), folder, tr("Data rows (*.csv *.json);;All files (*)"));
        if (path.isEmpty())
            return;
        if (m_settings)
            m_settings->setValue(kDataFolder, QFileInfo(path).absolutePath());
        setDataFile(path);
    });
    connect(m_dataClear, &QPushButton::clicked, this, &ScenarioForm::clearData);
    m_problem->setObjectName(QStringLiteral("problemLabel"));

    auto *modelGroup = new QButtonGroup(this);
    modelGroup->addButton(m_closed);
    modelGroup->addButton(m_open);
    m_closed->setChecked(true);

    auto *target = new QGroupBox(tr("Target"), this);
    auto *targetForm = new QFormLayout(target);
    auto *line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_url, 1);
    targetForm->addRow(line);
    targetForm->addRow(m_requestName);
    targetForm->addRow(tr("Headers"), m_headers);
    targetForm->addRow(tr("Body"), m_body);
    auto *dataLine = new QHBoxLayout;
    dataLine->addWidget(m_dataPick);
    dataLine->addWidget(m_dataClear);
    dataLine->addWidget(m_dataInfo, 1);
    targetForm->addRow(tr("Data"), dataLine);

    auto *model = new QGroupBox(tr("Model"), this);
    auto *modelForm = new QFormLayout(model);
    modelForm->addRow(m_closed);
    modelForm->addRow(m_open);
    modelForm->addRow(tr("Connections"), m_connections);
    modelForm->addRow(tr("Think time"), m_thinkTime);
    modelForm->addRow(tr("Requests"), m_requestCount);
    modelForm->addRow(tr("Rate"), m_rate);
    modelForm->addRow(tr("Duration"), m_duration);
    modelForm->addRow(tr("Timeout"), m_timeout);
    modelForm->addRow(m_useStages);
    modelForm->addRow(m_stages);

    auto *rules = new QGroupBox(tr("Thresholds and checks"), this);
    auto *rulesLayout = new QVBoxLayout(rules);
    auto *thresholdsLabel = new QLabel(
        tr("Thresholds (p95<200ms, p99<1s, error_rate<0.01, rps>1000; add \",abort\" to stop "
           "the run when one fails)"),
        this);
    thresholdsLabel->setWordWrap(true);
    rulesLayout->addWidget(thresholdsLabel);
    rulesLayout->addWidget(m_thresholds);
    auto *checksLabel =
        new QLabel(tr("Checks (status=200,201, header:Content-Type, body~text, json:$.id)"), this);
    checksLabel->setWordWrap(true);
    rulesLayout->addWidget(checksLabel);
    rulesLayout->addWidget(m_checks);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(target);
    layout->addWidget(model);
    layout->addWidget(rules);
    layout->addWidget(m_problem);
    layout->addStretch();

    for (QSpinBox *w : {m_connections, m_requestCount})
        connect(w, &QSpinBox::valueChanged, this, &ScenarioForm::onEdited);
    for (QDoubleSpinBox *w : {m_thinkTime, m_rate, m_duration, m_timeout})
        connect(w, &QDoubleSpinBox::valueChanged, this, &ScenarioForm::onEdited);
    connect(m_method, &QComboBox::currentTextChanged, this, &ScenarioForm::onEdited);
    connect(m_url, &QLineEdit::textChanged, this, &ScenarioForm::onEdited);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ScenarioForm::onEdited);
    connect(m_body, &QPlainTextEdit::textChanged, this, &ScenarioForm::onEdited);
    connect(m_closed, &QRadioButton::toggled, this, [this] {
        updateModelFields();
        onEdited();
    });
    connect(m_useStages, &QCheckBox::toggled, this, [this] {
        updateModelFields();
        onEdited();
    });
    connect(m_stages, &StageEditor::changed, this, &ScenarioForm::onEdited);
    connect(m_thresholds, &RuleList::changed, this, &ScenarioForm::onEdited);
    connect(m_checks, &RuleList::changed, this, &ScenarioForm::onEdited);

    restore();
    showData();
    updateModelFields();
    onEdited();
}

bool ScenarioForm::setDataFile(const QString &path)
{
    m_data = loadDataFile(path);
    showData();
    onEdited();
    return m_data.ok();
}

void ScenarioForm::reloadDataFile()
{
    if (m_data.path.isEmpty())
        return;
    m_data = loadDataFile(m_data.path);
    showData();
    onEdited();
}

void ScenarioForm::clearData()
{
    m_data = DataFile();
    showData();
    onEdited();
}

void ScenarioForm::showData()
{
    m_dataClear->setEnabled(!m_data.isEmpty());
    m_dataInfo->setText(m_data.isEmpty() ? tr("none: {{name}} stays as written")
                                         : m_data.summary());
    m_dataInfo->setToolTip(m_data.path);
    m_dataInfo->setForegroundRole(m_data.isEmpty() ? QPalette::PlaceholderText
                                                   : QPalette::WindowText);
    QPalette p = m_dataInfo->palette();
    if (!m_data.ok())
        p.setColor(QPalette::WindowText, shell::toneColor(palette(), shell::Tone::Danger));
    else
        p.setColor(QPalette::WindowText, palette().color(QPalette::WindowText));
    m_dataInfo->setPalette(p);
}

void ScenarioForm::updateModelFields()
{
    const bool open = m_open->isChecked();
    const bool staged = m_useStages->isChecked();
    m_thinkTime->setEnabled(!open);
    m_requestCount->setEnabled(!open && !staged);
    m_rate->setEnabled(open && !staged);
    m_duration->setEnabled(!staged);
    m_stages->setVisible(staged);
    m_stages->setTargetUnit(open ? tr("req/s") : tr("connections"));
}

void ScenarioForm::onEdited()
{
    if (m_restoring)
        return;
    const QString p = problem();
    m_problem->setText(p.isEmpty() ? QString() : QStringLiteral("⚠ ") + p);
    save();
    emit changed();
}

QString ScenarioForm::problem() const
{
    if (m_url->text().trimmed().isEmpty())
        return tr("Enter the URL to load.");
    // {{vars}} are allowed anywhere; they are filled per request from the data rows.
    const QString scheme = QUrl(m_url->text().trimmed()).scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        // The tester hands URLs over as written, often "{{baseUrl}}/…": the load tester has no
        // environments to resolve that from.
        if (m_url->text().trimmed().startsWith(QLatin1String("{{")))
            return tr("Replace %1 with the address: only data rows fill {{variables}} here.")
                .arg(m_url->text().trimmed().section(QLatin1String("}}"), 0, 0) +
                     QLatin1String("}}"));
        return tr("The URL must start with http:// or https://.");
    }
    const auto headers = parseHeaderLines(m_headers->toPlainText());
    if (const auto *error = std::get_if<QString>(&headers))
        return *error;
    if (!m_data.ok())
        return tr("Data %1").arg(m_data.summary());
    // A scenario from the history (or from the settings) has its credentials masked: sending
    // "Bearer ••••" would only collect 401s.
    bb::loadtest::Scenario masked;
    masked.requests.push_back({});
    masked.requests.back().headers =
        std::get<std::vector<std::pair<std::string, std::string>>>(headers);
    masked.dataRows = m_data.rows;
    if (const auto names = bb::loadtest::maskedHeaderNames(masked); !names.empty()) {
        const std::string &name = names.front();
        for (const auto &[n, value] : masked.requests.back().headers) {
            if (n == name && bb::loadtest::containsMask(value))
                return tr("The %1 header was stored masked (••••): type its value again.")
                    .arg(QString::fromStdString(name));
        }
        return tr("The %1 header takes its value from data rows that were stored masked (••••): "
                  "pick the data file again.")
            .arg(QString::fromStdString(name));
    }
    if (m_useStages->isChecked()) {
        if (const QString p = m_stages->problem(); !p.isEmpty())
            return tr("Stages: %1").arg(p);
    }
    if (const QString p = m_thresholds->problem(); !p.isEmpty())
        return tr("Threshold %1").arg(p);
    if (const QString p = m_checks->problem(); !p.isEmpty())
        return tr("Check %1").arg(p);
    return {};
}

bb::loadtest::Scenario ScenarioForm::scenario() const
{
    bb::loadtest::Scenario sc;
    bb::loadtest::RequestSpec r;
    r.name = m_name.toStdString();
    r.method = m_method->currentText().trimmed().toUpper().toStdString();
    r.url = m_url->text().trimmed().toStdString();
    auto headers = parseHeaderLines(m_headers->toPlainText());
    if (auto *list = std::get_if<std::vector<std::pair<std::string, std::string>>>(&headers))
        r.headers = *list;
    r.body = m_body->toPlainText().toStdString();
    sc.requests.push_back(std::move(r));
    if (m_data.ok())
        sc.dataRows = m_data.rows;
    sc.model = m_open->isChecked() ? Model::Open : Model::Closed;
    sc.connections = m_connections->value();
    sc.thinkTimeMs = sc.model == Model::Closed ? m_thinkTime->value() : 0;
    sc.rate = m_rate->value();
    sc.durationSeconds = m_duration->value();
    sc.timeoutSeconds = m_timeout->value();
    if (m_useStages->isChecked())
        sc.stages = m_stages->stages();
    else if (sc.model == Model::Closed)
        sc.maxRequests = std::uint64_t(m_requestCount->value());
    for (const QString &t : m_thresholds->rules()) {
        auto parsed = bb::loadtest::Threshold::parse(t.toStdString());
        if (auto *th = std::get_if<bb::loadtest::Threshold>(&parsed))
            sc.thresholds.push_back(*th);
    }
    for (const QString &c : m_checks->rules()) {
        auto parsed = bb::loadtest::Check::parse(c.toStdString());
        if (auto *check = std::get_if<bb::loadtest::Check>(&parsed)) {
            if (check->name.empty())
                check->name = c.toStdString();
            sc.checks.push_back(*check);
        }
    }
    return sc;
}

void ScenarioForm::setScenario(const bb::loadtest::Scenario &sc)
{
    m_restoring = true;
    if (!sc.requests.empty()) {
        const auto &r = sc.requests.front();
        m_method->setCurrentText(QString::fromStdString(r.method));
        m_url->setText(QString::fromStdString(r.url));
        QStringList lines;
        for (const auto &[name, value] : r.headers)
            lines.append(QString::fromStdString(name + ": " + value));
        m_headers->setPlainText(lines.join(QLatin1Char('\n')));
        m_body->setPlainText(QString::fromStdString(r.body));
        m_name = QString::fromStdString(r.name);
        m_requestName->setText(m_name);
    }
    (sc.model == Model::Open ? m_open : m_closed)->setChecked(true);
    m_connections->setValue(sc.connections);
    m_thinkTime->setValue(sc.thinkTimeMs);
    m_requestCount->setValue(int(std::min<std::uint64_t>(sc.maxRequests, 2'000'000'000)));
    if (sc.rate > 0)
        m_rate->setValue(sc.rate);
    m_duration->setValue(sc.durationSeconds);
    m_timeout->setValue(sc.timeoutSeconds);
    m_useStages->setChecked(!sc.stages.empty());
    if (!sc.stages.empty())
        m_stages->setStages(sc.stages);
    QStringList thresholds, checks;
    for (const auto &t : sc.thresholds)
        thresholds.append(QString::fromStdString(t.text));
    for (const auto &c : sc.checks)
        checks.append(QString::fromStdString(c.name));
    m_thresholds->setRules(thresholds);
    m_checks->setRules(checks);
    // A stored run carries its rows, not the file they came from.
    m_data = sc.dataRows.empty() ? DataFile() : dataFromRows(sc.dataRows);
    showData();
    m_restoring = false;
    updateModelFields();
    onEdited();
}

void ScenarioForm::setRequest(const QVariantMap &args)
{
    m_restoring = true;
    const QString method = args.value(QStringLiteral("method")).toString().trimmed().toUpper();
    m_method->setCurrentText(method.isEmpty() ? QStringLiteral("GET") : method);
    m_url->setText(args.value(QStringLiteral("url")).toString().trimmed());
    m_name = args.value(QStringLiteral("name")).toString();
    m_requestName->setText(m_name.isEmpty() ? QString() : tr("From the tester: %1").arg(m_name));
    QStringList lines;
    bool hasContentType = false;
    auto addHeader = [&](const QString &name, const QString &value) {
        if (name.trimmed().isEmpty())
            return;
        hasContentType = hasContentType || name.trimmed().compare(QLatin1String("Content-Type"),
                                                                  Qt::CaseInsensitive) == 0;
        lines.append(name.trimmed() + QStringLiteral(": ") + value);
    };
    const QVariant headers = args.value(QStringLiteral("headers"));
    if (headers.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = headers.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            addHeader(it.key(), it.value().toString());
    } else {
        for (const QVariant &h : headers.toList()) {
            const QVariantMap m = h.toMap();
            if (m.value(QStringLiteral("enabled"), true).toBool())
                addHeader(m.value(QStringLiteral("name")).toString(),
                          m.value(QStringLiteral("value")).toString());
        }
    }
    const QString body = args.value(QStringLiteral("body")).toString();
    const QString contentType = args.value(QStringLiteral("contentType")).toString();
    if (!body.isEmpty() && !hasContentType && !contentType.isEmpty())
        lines.append(QStringLiteral("Content-Type: ") + contentType);
    m_headers->setPlainText(lines.join(QLatin1Char('\n')));
    m_body->setPlainText(body);
    m_restoring = false;
    onEdited();
}

void ScenarioForm::showOutcome(const bb::loadtest::Summary &summary)
{
    for (const auto &t : summary.thresholds)
        m_thresholds->setOutcome(QString::fromStdString(t.threshold.text), t.passed,
                                 tr("observed %1").arg(observedText(t.threshold, t.observed)));
    const QLocale locale;
    for (const auto &c : summary.checks) {
        const auto total = c.passes + c.fails;
        m_checks->setOutcome(QString::fromStdString(c.name), c.fails == 0,
                             c.fails == 0 ? tr("all %1").arg(locale.toString(qulonglong(total)))
                                          : tr("%1 of %2 failed")
                                                .arg(locale.toString(qulonglong(c.fails)),
                                                     locale.toString(qulonglong(total))));
    }
}

void ScenarioForm::clearOutcome()
{
    m_thresholds->clearOutcomes();
    m_checks->clearOutcomes();
}

void ScenarioForm::save()
{
    if (!m_settings || m_restoring)
        return;
    shell::PluginSettings &s = *m_settings;
    s.setValue(kMethod, m_method->currentText());
    s.setValue(kUrl, m_url->text());
    s.setValue(kName, m_name);
    // Credentials stay off the disk: after a restart the form asks for them again.
    s.setValue(kHeaders, maskHeaderLines(m_headers->toPlainText()));
    s.setValue(kBody, m_body->toPlainText());
    s.setValue(kModel, m_open->isChecked() ? QStringLiteral("open") : QStringLiteral("closed"));
    s.setValue(kConnections, m_connections->value());
    s.setValue(kThink, m_thinkTime->value());
    s.setValue(kCount, m_requestCount->value());
    s.setValue(kRate, m_rate->value());
    s.setValue(kDuration, m_duration->value());
    s.setValue(kTimeout, m_timeout->value());
    s.setValue(kUseStages, m_useStages->isChecked());
    s.setValue(kStages, m_stages->text());
    s.setValue(kThresholds, m_thresholds->rules());
    s.setValue(kChecks, m_checks->rules());
    // The file, not its rows: it is read again at the next start.
    s.setValue(kDataFile, m_data.path);
}

void ScenarioForm::restore()
{
    if (!m_settings || !m_settings->contains(kUrl))
        return;
    const shell::PluginSettings &s = *m_settings;
    m_restoring = true;
    m_method->setCurrentText(s.value(kMethod, QStringLiteral("GET")).toString());
    m_url->setText(s.value(kUrl).toString());
    m_name = s.value(kName).toString();
    m_requestName->setText(m_name.isEmpty() ? QString() : tr("From the tester: %1").arg(m_name));
    m_headers->setPlainText(s.value(kHeaders).toString());
    m_body->setPlainText(s.value(kBody).toString());
    (s.value(kModel).toString() == QLatin1String("open") ? m_open : m_closed)->setChecked(true);
    m_connections->setValue(s.value(kConnections, 10).toInt());
    m_thinkTime->setValue(s.value(kThink, 0).toDouble());
    m_requestCount->setValue(s.value(kCount, 0).toInt());
    m_rate->setValue(s.value(kRate, 100).toDouble());
    m_duration->setValue(s.value(kDuration, 10).toDouble());
    m_timeout->setValue(s.value(kTimeout, 10).toDouble());
    m_useStages->setChecked(s.value(kUseStages, false).toBool());
    m_stages->setText(s.value(kStages).toString());
    m_thresholds->setRules(s.value(kThresholds).toStringList());
    m_checks->setRules(s.value(kChecks).toStringList());
    if (const QString data = s.value(kDataFile).toString(); !data.isEmpty())
        m_data = loadDataFile(data);
    m_restoring = false;
}

} // namespace bb::plugins::loadtest
