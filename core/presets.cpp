#include "presets.h"

#include <QStringList>

namespace trm {

namespace {

Preset makeDefault()
{
    Preset preset;
    preset.name = QStringLiteral("TRM default");
    preset.description = QStringLiteral(
        "The defaults of the model: D = 32, n = 6, T = 3, N_sup = 4 (84 network runs per "
        "prediction), early stopping on the validation loss.");
    return preset;
}

Preset makePaper()
{
    // The 2025 Keras study refined one shared two-layer network over 10
    // recursion steps: n = 9 latent steps plus one answer step, once.
    Preset preset;
    preset.name = QStringLiteral("Paper: 10 recursion steps");
    preset.description = QStringLiteral(
        "The 2025 Keras study's setting: one shared two-layer network applied 10 times per "
        "prediction (n = 9, T = 1, N_sup = 1).");
    preset.model.layers = 2;
    preset.model.latentSteps = 9;
    preset.model.cycles = 1;
    preset.model.supervisionSteps = 1;
    return preset;
}

Preset makeFastDemo()
{
    // Few, cheap epochs with a higher learning rate and a short warm-up, so a
    // class sees a whole run take shape in a few seconds.
    Preset preset;
    preset.name = QStringLiteral("Fast demo");
    preset.description = QStringLiteral(
        "A small, quick run for a live demonstration: D = 16, n = 3, T = 2, N_sup = 2, "
        "40 epochs at a higher learning rate.");
    preset.model.hiddenSize = 16;
    preset.model.latentSteps = 3;
    preset.model.cycles = 2;
    preset.model.supervisionSteps = 2;
    preset.training.epochs = 40;
    preset.training.learningRate = 3e-3;
    preset.training.warmupSteps = 20;
    preset.training.patience = 10;
    return preset;
}

Preset makeSmallest()
{
    Preset preset;
    preset.name = QStringLiteral("Smallest model");
    preset.description = QStringLiteral(
        "The least a TRM can be: D = 8, one block without expansion, one network run per "
        "step (n = 1, T = 1, N_sup = 1).");
    preset.model.hiddenSize = 8;
    preset.model.layers = 1;
    preset.model.expansion = 1;
    preset.model.latentSteps = 1;
    preset.model.cycles = 1;
    preset.model.supervisionSteps = 1;
    preset.training.learningRate = 3e-3;
    return preset;
}

bool sameModel(const TrmConfig &a, const TrmConfig &b)
{
    return a.hiddenSize == b.hiddenSize && a.layers == b.layers && a.expansion == b.expansion &&
           a.latentSteps == b.latentSteps && a.cycles == b.cycles &&
           a.supervisionSteps == b.supervisionSteps && a.halting == b.halting;
}

bool sameTraining(const TrainingOptions &a, const TrainingOptions &b)
{
    return a.epochs == b.epochs && a.batchSize == b.batchSize && a.learningRate == b.learningRate &&
           a.weightDecay == b.weightDecay && a.beta1 == b.beta1 && a.beta2 == b.beta2 &&
           a.warmupSteps == b.warmupSteps && a.ema == b.ema && a.emaDecay == b.emaDecay &&
           a.patience == b.patience && a.haltingExploration == b.haltingExploration;
}

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

QString share(double value)
{
    return QString::number(value * 100, 'g', 4) + QLatin1Char('%');
}

} // namespace

RunSettings Preset::applyTo(RunSettings settings) const
{
    const int inputSize = settings.model.inputSize;
    const int classCount = settings.model.classCount;
    const std::uint64_t seed = settings.training.seed;
    settings.model = model;
    settings.model.inputSize = inputSize;
    settings.model.classCount = classCount;
    settings.training = training;
    settings.training.seed = seed;
    return settings;
}

const std::vector<Preset> &presets()
{
    static const std::vector<Preset> all{makeDefault(), makePaper(), makeFastDemo(),
                                         makeSmallest()};
    return all;
}

const Preset *findPreset(const QString &name)
{
    for (const Preset &preset : presets())
        if (preset.name == name)
            return &preset;
    return nullptr;
}

QString presetKey(const Preset &preset)
{
    QString key;
    for (const QChar c : preset.name.toLower()) {
        if (c.isLetterOrNumber())
            key += c;
        else if (!key.isEmpty() && !key.endsWith(QLatin1Char('-')))
            key += QLatin1Char('-');
    }
    while (key.endsWith(QLatin1Char('-')))
        key.chop(1);
    return key;
}

const Preset *findPresetByKey(const QString &text)
{
    const QString wanted = text.trimmed().toLower();
    if (wanted.isEmpty())
        return nullptr;
    const Preset *started = nullptr;
    int starts = 0;
    for (const Preset &preset : presets()) {
        const QString key = presetKey(preset);
        if (preset.name.toLower() == wanted || key == wanted)
            return &preset;
        if (key.startsWith(wanted)) {
            started = &preset;
            ++starts;
        }
    }
    return starts == 1 ? started : nullptr;
}

const Preset *matchingPreset(const RunSettings &settings)
{
    for (const Preset &preset : presets())
        if (sameModel(preset.model, settings.model) &&
            sameTraining(preset.training, settings.training))
            return &preset;
    return nullptr;
}

QString describeDifference(const RunSettings &previous, const RunSettings &current)
{
    QStringList parts;
    const auto compare = [&parts](const QString &name, auto before, auto after,
                                  const QString &shown) {
        if (before != after)
            parts << name + QLatin1Char(' ') + shown;
    };
    const TrmConfig &a = previous.model;
    const TrmConfig &b = current.model;
    compare(QStringLiteral("hidden"), a.hiddenSize, b.hiddenSize, QString::number(b.hiddenSize));
    compare(QStringLiteral("layers"), a.layers, b.layers, QString::number(b.layers));
    compare(QStringLiteral("expansion"), a.expansion, b.expansion, QString::number(b.expansion));
    compare(QStringLiteral("n"), a.latentSteps, b.latentSteps, QString::number(b.latentSteps));
    compare(QStringLiteral("T"), a.cycles, b.cycles, QString::number(b.cycles));
    compare(QStringLiteral("N_sup"), a.supervisionSteps, b.supervisionSteps,
            QString::number(b.supervisionSteps));
    compare(QStringLiteral("halting"), a.halting, b.halting,
            b.halting ? QStringLiteral("on") : QStringLiteral("off"));

    const TrainingOptions &s = previous.training;
    const TrainingOptions &t = current.training;
    compare(QStringLiteral("epochs"), s.epochs, t.epochs, QString::number(t.epochs));
    compare(QStringLiteral("batch"), s.batchSize, t.batchSize, QString::number(t.batchSize));
    compare(QStringLiteral("lr"), s.learningRate, t.learningRate, number(t.learningRate));
    compare(QStringLiteral("weight decay"), s.weightDecay, t.weightDecay, number(t.weightDecay));
    compare(QStringLiteral("beta1"), s.beta1, t.beta1, number(t.beta1));
    compare(QStringLiteral("beta2"), s.beta2, t.beta2, number(t.beta2));
    compare(QStringLiteral("warm-up"), s.warmupSteps, t.warmupSteps,
            QString::number(t.warmupSteps));
    compare(QStringLiteral("EMA"), s.ema, t.ema,
            t.ema ? QStringLiteral("on") : QStringLiteral("off"));
    if (t.ema)
        compare(QStringLiteral("EMA decay"), s.emaDecay, t.emaDecay, number(t.emaDecay));
    compare(QStringLiteral("patience"), s.patience, t.patience, QString::number(t.patience));
    compare(QStringLiteral("exploration"), s.haltingExploration, t.haltingExploration,
            number(t.haltingExploration));
    compare(QStringLiteral("seed"), s.seed, t.seed, QString::number(t.seed));
    compare(QStringLiteral("validation"), previous.validationShare, current.validationShare,
            share(current.validationShare));
    compare(QStringLiteral("test"), previous.testShare, current.testShare,
            share(current.testShare));
    return parts.join(QStringLiteral(", "));
}

} // namespace trm
