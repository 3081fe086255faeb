#pragma once

#include "session.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace trm::ui {

class CurveChart;

/// The loss and accuracy charts with the runs being compared: a log-scale
/// switch for the loss, saving each chart (PNG, SVG) and its data (CSV), and
/// the list of runs on the charts, any of which can be removed.
class CurvesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CurvesPanel(QWidget *parent = nullptr);

    /// The legend name of a new run with `settings`: what differs from the
    /// run before it ("hidden 64, n 3"); the preset's name for the first run.
    QString labelFor(const RunSettings &settings) const;
    /// Starts drawing a new run; earlier runs stay, faded.
    void beginRun(const QString &label, const RunSettings &settings, int epochBudget);
    void append(const EpochReport &report);
    void flush();
    /// Adds a run that ended elsewhere (an imported model's training), drawn
    /// at once as the newest. Without `history` the charts say it has none.
    void addFinishedRun(const QString &label, const RunSettings &settings,
                        const std::vector<EpochReport> &history);
    void removeRun(int index);
    void clear();

    /// The runs on the charts, oldest first, for saving a session.
    const std::vector<SessionRun> &runs() const { return m_runs; }
    /// Replaces the charts' runs (opening a session).
    void setRuns(const std::vector<SessionRun> &runs);

    CurveChart *lossChart() const { return m_lossChart; }
    CurveChart *accuracyChart() const { return m_accuracyChart; }
    QCheckBox *logScaleBox() const { return m_logScale; }
    QListWidget *runList() const { return m_runList; }
    /// What the charts cannot show about the newest run, or an empty string.
    QString note() const;

signals:
    /// A chart or its data could not be saved; the message names the file.
    void saveFailed(const QString &message);
    void saved(const QString &path);

private:
    void saveChart(CurveChart *chart, const QString &name);
    void updateRunList();
    void nameEarlierRuns();

    CurveChart *m_lossChart;
    CurveChart *m_accuracyChart;
    QCheckBox *m_logScale;
    QLabel *m_note;
    QListWidget *m_runList;
    QPushButton *m_removeRun;
    std::vector<SessionRun> m_runs;
};

} // namespace trm::ui
