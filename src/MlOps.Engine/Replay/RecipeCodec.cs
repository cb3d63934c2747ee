using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Featurization;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Replay;

/// <summary>
/// Converts between the search's internal configuration and the manifest's <see cref="TrainingRecipe"/>.
/// Restoring pins every dimension to its recorded value (a linear range of width 0 decodes to exactly
/// that value), so the trainer receives bit-identical settings whatever the data-dependent search space.
/// </summary>
internal static class RecipeCodec
{
    public static TrainingRecipe Capture(TrainerCandidate trainer, Configuration config, FeaturizationPlan plan, DataSchema schema, int? rowCap)
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var choices = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Space.Count; i++)
        {
            var p = config.Space[i];
            var value = p.Decode(config.Point[i]);
            if (p.Choices is not null) choices[p.Name] = p.Choices[(int)value];
            else values[p.Name] = value;
        }
        return new TrainingRecipe
        {
            Trainer = trainer.Name,
            Hyperparameters = values,
            Choices = choices,
            Columns = schema.Features.Select(c => new RecipeColumn(c.Name, c.Kind)).ToList(),
            Featurization = new RecipeFeaturization(plan.Numeric, plan.WithMissing, plan.OneHot,
                plan.Hashed.Select(h => new RecipeHashedColumn(h.Column, h.Bits)).ToList(), plan.Text) { Coded = plan.Coded },
            TrainingRowCap = rowCap,
        };
    }

    public static FeaturizationPlan Plan(TrainingRecipe recipe) => new()
    {
        Numeric = recipe.Featurization.Numeric,
        WithMissing = recipe.Featurization.WithMissing,
        Coded = recipe.Featurization.Coded ?? [],
        OneHot = recipe.Featurization.OneHot,
        Hashed = recipe.Featurization.Hashed.Select(h => (h.Column, h.Bits)).ToList(),
        Text = recipe.Featurization.Text,
        // An exportable run recorded its text choice; without text every plan exports.
        OnnxExportable = recipe.Choices.ContainsKey(TextOptions.Normalization) || recipe.Featurization.Text.Count == 0,
    };

    /// <summary>The recorded configuration over the trainer's space; a dimension the recipe lacks is MLOPS3011.</summary>
    public static Configuration Restore(TrainingRecipe recipe, IReadOnlyList<Hyperparameter> space, string file)
    {
        var pinned = new List<Hyperparameter>();
        var point = new List<double>();
        var choices = TextOptions.Upgrade(recipe.Choices);
        foreach (var p in space)
        {
            if (p.Choices is not null)
            {
                var index = choices.TryGetValue(p.Name, out var name) ? Array.IndexOf(p.Choices, name) : -1;
                if (index < 0) throw Incompatible(file, $"its recipe has no valid '{p.Name}' (one of {string.Join(", ", p.Choices)})");
                pinned.Add(p);
                point.Add(p.Encode(index));
            }
            else
            {
                if (!recipe.Hyperparameters.TryGetValue(p.Name, out var value) || !double.IsFinite(value))
                    throw Incompatible(file, $"its recipe lacks the {recipe.Trainer} hyperparameter '{p.Name}'");
                pinned.Add(p.Pin(value));
                point.Add(0);
            }
        }
        return new Configuration(pinned, point.ToArray());
    }

    public static MlOpsException Incompatible(string file, string why) =>
        new(ErrorCodes.ReplayManifestIncompatible, $"The manifest cannot be replayed on this project: {why}.", file);
}
