#pragma once

#include "dataset.h"
#include "experiment.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QAction;

namespace trm::ui {

class EvaluationView;
class MainWindow;

/// `path` with the extension of `selectedFilter` ("HTML report (*.html)")
/// appended when it has none; otherwise, or when the filter names no single
/// extension, `path` as it is.
QString withFilterSuffix(const QString &path, const QString &selectedFilter);

/// The window's model menu and Evaluation tab: export and import a model file,
/// predict on a new CSV, evaluate and export the report. Installed on a
/// MainWindow by installModelActions() so that the window itself only needs
/// one line for all of it.
///
/// The current model is the last one trained or imported, whichever came
/// later. A model file that fails to load changes nothing: the message says
/// why and the current model stays.
class ModelActions : public QObject
{
    Q_OBJECT

public:
    /// Asks where to save: the chosen path, or an empty string when cancelled.
    /// `filters` are separated by ";;"; `selectedFilter` receives the one chosen.
    /// Replaceable so tests need no dialog.
    using SaveDialog = std::function<QString(const QString &title, const QString &suggested,
                                             const QString &filters, QString *selectedFilter)>;

    explicit ModelActions(MainWindow *window);
    ~ModelActions() override;

    EvaluationView *view() const { return m_view; }
    /// The model that Export and Predict use; null before any.
    const TrainedModel *currentModel() const;

    void setSaveDialog(SaveDialog dialog) { m_saveDialog = std::move(dialog); }

    /// Makes the model in `path` the current one and shows how it was trained:
    /// its settings, its parameter count and its training curves, as a
    /// finished run named after the file. Refused during a run.
    bool importModel(const QString &path);
    bool exportModel(const QString &path);
    /// Writes the predictions for every row of `dataPath` to `outPath`; when the
    /// file has the target column, also shows the evaluation on it. Reading,
    /// predicting and evaluating run on a worker thread; with no `outPath`,
    /// where to write is asked only once the file has been read and predicted.
    /// False when there is no model to start with, and predictionFinished()
    /// follows a start.
    bool predictOnCsv(const QString &dataPath, const QString &outPath = {});
    bool isPredicting() const { return m_pendingPrediction != nullptr; }
    bool exportReport(const QString &path, const QString &pageSize = QStringLiteral("a4"));

    QAction *exportModelAction() const { return m_exportModel; }
    QAction *importModelAction() const { return m_importModel; }
    QAction *predictAction() const { return m_predict; }
    QAction *exportReportAction() const { return m_exportReport; }

signals:
    /// A prediction started by predictOnCsv() ended: written (and evaluated
    /// when the file had the target column), or refused with a message.
    void predictionFinished(bool ok);

private:
    struct PendingPrediction;

    void onTrainingFinished();
    void finishPrediction();
    void openRowInExplorer(int row);
    void refreshCrossValidationSource();
    void updateActions();
    void fail(const QString &message);
    void note(const QString &message);
    /// A file name for a save dialog, in the last folder used: the evaluated
    /// file's name, else the training data's, followed by `suffix`.
    QString suggestedPath(const QString &suffix) const;
    /// The same for the current model: the imported file's name, else the
    /// training data's.
    QString suggestedModelPath() const;
    /// Asks where to save with m_saveDialog, adding the chosen filter's
    /// extension to a name without one.
    QString askSavePath(const QString &title, const QString &suggested, const QString &filters);

    MainWindow *m_window;
    SaveDialog m_saveDialog;
    std::unique_ptr<PendingPrediction> m_pendingPrediction;
    EvaluationView *m_view;
    std::optional<TrainedModel> m_imported; ///< set while an imported model is current
    QString m_importedName;
    /// The labelled file the imported model was last evaluated on, for the explorer.
    std::optional<Dataset> m_evaluatedFile;
    QAction *m_exportModel;
    QAction *m_importModel;
    QAction *m_predict;
    QAction *m_exportReport;
};

/// Adds the Evaluation tab and the Model menu to `window`; the window owns the result.
ModelActions *installModelActions(MainWindow *window);

} // namespace trm::ui
