#pragma once

#include "experiment.h"

#include <QString>

#include <vector>

namespace trm {

/// A named set of hyperparameters a person can start from. A preset fixes the
/// model and training hyperparameters; the data settings (test and validation
/// shares, seed) stay as the person chose them.
struct Preset
{
    QString name;
    QString description; ///< one sentence: what the preset is for
    TrmConfig model;
    TrainingOptions training;

    /// `settings` with this preset's hyperparameters, keeping its data settings.
    RunSettings applyTo(RunSettings settings) const;
};

/// The presets in the order they are offered: "TRM default", "Paper: 10
/// recursion steps", "Fast demo", "Smallest model".
const std::vector<Preset> &presets();

/// The preset with this name, or null.
const Preset *findPreset(const QString &name);

/// A preset's name as a command-line word: lower case, words joined by
/// hyphens ("Paper: 10 recursion steps" is "paper-10-recursion-steps").
QString presetKey(const Preset &preset);

/// The preset a person means by `text`: its name or key in any case, or the
/// start of exactly one key ("paper", "fast"). Null when none or several match.
const Preset *findPresetByKey(const QString &text);

/// The first preset whose hyperparameters equal those of `settings`
/// (data settings and the data-dependent sizes are not compared), or null.
const Preset *matchingPreset(const RunSettings &settings);

/// What `current` changes relative to `previous`, short enough for a chart
/// legend: "hidden 64, n 3". Empty when the two runs have the same settings.
QString describeDifference(const RunSettings &previous, const RunSettings &current);

} // namespace trm
