// bb::plugins::loadtest — the form a run is configured in: the target request (method, URL,
// headers, body), the model (closed: connections, think time, a fixed request count; open: a
// rate), the duration or the stages, thresholds and checks. Every field is validated as it is
// typed with the core parsers; problem() says what blocks Start. The form keeps its state in
// the plugin's settings, so the last scenario is there after a restart, except the values of
// credential headers, which are stored masked and asked for again.
#pragma once

#include "data_file.h"
#include "loadtest/results.h"
#include "loadtest/scenario.h"
#include "shell/plugin_settings.h"

#include <QVariantMap>
#include <QWidget>

#include <optional>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace bb::plugins::loadtest {

class RuleList;
class StageEditor;

class ScenarioForm : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioForm(std::optional<shell::PluginSettings> settings, QWidget *parent = nullptr);

    /// The scenario as edited (only meaningful when problem() is empty).
    bb::loadtest::Scenario scenario() const;
    void setScenario(const bb::loadtest::Scenario &scenario);
    /// The first thing that keeps the run from starting, or empty.
    QString problem() const;

    /// Fills the target from a "loadTestRequest" action's arguments (method, url, name, headers
    /// as a list of {name, value, enabled} or a map, body, contentType); keeps the model.
    void setRequest(const QVariantMap &args);
    /// Shows a finished run's outcome beside each threshold ("passed (observed 334 µs)") and
    /// check ("failed (20 of 1,000)"), matched by the rule's text.
    void showOutcome(const bb::loadtest::Summary &summary);
    /// Back to "valid" beside every rule (a run starts).
    void clearOutcome();
    /// Uses the rows of a CSV or JSON file for `{{name}}`; false when it cannot be read (the
    /// form then shows where it is wrong and Start is disabled until it is fixed or cleared).
    bool setDataFile(const QString &path);
    /// Reads the data file again (it may have been edited since it was picked).
    void reloadDataFile();
    void clearData();
    const DataFile &data() const { return m_data; }
    /// Saves to the settings given at construction (also done on every change).
    void save();

    QComboBox *methodBox() const { return m_method; }
    QLineEdit *urlEdit() const { return m_url; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QRadioButton *closedButton() const { return m_closed; }
    QRadioButton *openButton() const { return m_open; }
    QSpinBox *connectionsBox() const { return m_connections; }
    QDoubleSpinBox *thinkTimeBox() const { return m_thinkTime; }
    QSpinBox *requestCountBox() const { return m_requestCount; }
    QDoubleSpinBox *rateBox() const { return m_rate; }
    QDoubleSpinBox *durationBox() const { return m_duration; }
    QCheckBox *useStagesBox() const { return m_useStages; }
    StageEditor *stageEditor() const { return m_stages; }
    RuleList *thresholdList() const { return m_thresholds; }
    RuleList *checkList() const { return m_checks; }
    QLabel *problemLabel() const { return m_problem; }
    QLabel *dataLabel() const { return m_dataInfo; }
    QPushButton *dataButton() const { return m_dataPick; }
    QPushButton *clearDataButton() const { return m_dataClear; }

signals:
    /// Any edit; the panel re-checks problem() and enables Start.
    void changed();

private:
    void updateModelFields();
    void onEdited();
    void restore();
    void showData();

    std::optional<shell::PluginSettings> m_settings;
    QComboBox *m_method;
    QLineEdit *m_url;
    QLabel *m_requestName;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QRadioButton *m_closed;
    QRadioButton *m_open;
    QSpinBox *m_connections;
    QDoubleSpinBox *m_thinkTime;
    QSpinBox *m_requestCount;
    QDoubleSpinBox *m_rate;
    QDoubleSpinBox *m_duration;
    QDoubleSpinBox *m_timeout;
    QCheckBox *m_useStages;
    StageEditor *m_stages;
    RuleList *m_thresholds;
    RuleList *m_checks;
    QLabel *m_problem;
    QLabel *m_dataInfo;
    QPushButton *m_dataPick;
    QPushButton *m_dataClear;
    DataFile m_data;
    QString m_name;
    bool m_restoring = false;
};

/// A threshold's observed value for the form: "334 µs", "12.5 ms", "1.20 s", "32,061/s",
/// "0.0123" (rates and fractions in the default locale's digits).
QString observedText(const bb::loadtest::Threshold &threshold, double observed);

/// The header lines with each credential header's value masked (secrets.h); other lines as is.
QString maskHeaderLines(const QString &text);

/// "Name: value" lines → header pairs; an error names the first bad line ("line 2: no ':'").
std::variant<std::vector<std::pair<std::string, std::string>>, QString>
parseHeaderLines(const QString &text);

} // namespace bb::plugins::loadtest
