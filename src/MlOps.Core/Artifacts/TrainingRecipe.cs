using MlOps.Core.Schema;

namespace MlOps.Core.Artifacts;

/// <summary>
/// The exact configuration of a trained model, in the manifest so that MlOpsReplay can refit it without a
/// search. Values are the ones the trainer received (JSON doubles round-trip exactly), not display strings.
/// </summary>
public sealed record TrainingRecipe
{
    /// <summary>Portfolio name: LightGbm, FastTree, FastForest, Sdca or Lbfgs.</summary>
    public required string Trainer { get; init; }
    /// <summary>Numeric hyperparameters (integers included) by name, exact.</summary>
    public required IReadOnlyDictionary<string, double> Hyperparameters { get; init; }
    /// <summary>Categorical hyperparameters by name, as the chosen option's name (e.g. TextFeaturizer = word1-2).</summary>
    public IReadOnlyDictionary<string, string> Choices { get; init; } = new Dictionary<string, string>();
    /// <summary>The model's feature columns in input order, with the kind each was read as.</summary>
    public required IReadOnlyList<RecipeColumn> Columns { get; init; }
    public required RecipeFeaturization Featurization { get; init; }
    /// <summary>Most training rows one fit used (a seeded sample, from MlOpsMaxMemoryMB); null = all rows.</summary>
    public int? TrainingRowCap { get; init; }
}

public sealed record RecipeColumn(string Name, ColumnKind Kind);

/// <summary>Which featurizer each column got; decided from the original training rows, so replay never re-derives it.</summary>
public sealed record RecipeFeaturization(
    IReadOnlyList<string> Numeric, IReadOnlyList<string> WithMissing, IReadOnlyList<string> OneHot,
    IReadOnlyList<RecipeHashedColumn> Hashed, IReadOnlyList<string> Text)
{
    /// <summary>Numeric columns that looked like coded categories (whether they got a one-hot copy is the recipe's CodedCategories choice); empty in older manifests.</summary>
    public IReadOnlyList<string> Coded { get; init; } = [];
}

public sealed record RecipeHashedColumn(string Column, int Bits);

/// <summary>Where a replayed model's recipe came from: the source manifest as given and its SHA-256.</summary>
public sealed record ReplaySourceRecord(string Path, string Sha256);
