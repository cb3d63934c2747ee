using MlOps.Engine.Data;

namespace MlOps.Engine.Search;

/// <summary>
/// On large data the search fits the first rung's rows (<see cref="RowSchedule"/>), so the MinimumExampleCountPerLeaf = k it
/// picks means: no leaf holds less than k / FirstRows of the data. Fitted with the same count on more rows (a promotion
/// rung, the refit on all rows), a tree may grow leaves far smaller than any the search validated. Where rows repeat an
/// entity (the same trip, customer or device, many times over), such a leaf holds one entity's copies: the model
/// memorizes it, and validation rows that have copies of their own in the training rows cannot expose that. (taxi-big,
/// the taxi file 30 times over: with the count kept, one build's refit on 732,877 rows scored R² 0.67 on the test file;
/// the same seed and configuration with the count scaled scored 0.73.) So the count scales with the rows a fit uses, and the share of the
/// data a leaf must hold stays the one the search chose. Fits on the search's rows or fewer, and small data (no
/// schedule), keep the count as searched.
/// </summary>
internal static class MinLeafScaling
{
    public const string Name = "MinimumExampleCountPerLeaf";

    /// <summary>The configuration a fit of <paramref name="rows"/> rows uses: <paramref name="config"/> with its count scaled, or itself.</summary>
    public static Configuration At(Configuration config, int rows, RowSchedule? schedule)
    {
        if (schedule is null || rows <= schedule.FirstRows || !config.Has(Name)) return config;
        return config.With(Name, Math.Round(config[Name] * rows / schedule.FirstRows));
    }
}
