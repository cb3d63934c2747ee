namespace MlOps.Engine.Validation;

/// <summary>
/// How trials are scored. Fewer folds as rows grow: 5-fold CV below <see cref="FiveFoldMaxRows"/> rows
/// (small data needs the stability), 3-fold below <see cref="CrossValidationMaxRows"/> (each fold is
/// big enough to be stable, and 3 fits instead of 5 buy more trials), else one holdout of 15%, at most
/// <see cref="MaxValidationRows"/> rows: on millions of rows a bigger validation set only makes every trial score longer.
/// </summary>
internal sealed class ValidationPlan
{
    public const int FiveFoldMaxRows = 1_000;
    public const int CrossValidationMaxRows = 10_000;
    public const double HoldoutFraction = 0.15;
    public const int MaxValidationRows = 100_000;

    private ValidationPlan(IReadOnlyList<(int[] Train, int[] Valid)> splits, string description)
    {
        Splits = splits;
        Description = description;
    }

    public IReadOnlyList<(int[] Train, int[] Valid)> Splits { get; }
    public string Description { get; }
    public bool IsCrossValidation => Splits.Count > 1;

    /// <summary>The fold count for a number of rows (1 = holdout).</summary>
    public static int FoldsFor(int rows) => rows < FiveFoldMaxRows ? 5 : rows < CrossValidationMaxRows ? 3 : 1;

    public static ValidationPlan Create(int[] rows, int[]? classOfRow, int seed)
    {
        var random = new Random(seed);
        var stratified = classOfRow is not null ? "stratified " : "";
        var folds = FoldsFor(rows.Length);
        if (folds > 1)
        {
            var fold = FoldAssignment.Folds(rows, classOfRow, folds, random);
            var splits = Enumerable.Range(0, folds).Select(k => (
                rows.Where((_, i) => fold[i] != k).ToArray(),
                rows.Where((_, i) => fold[i] == k).ToArray())).ToArray();
            return new ValidationPlan(splits, $"{folds}-fold {stratified}cross-validation on {rows.Length} rows (seeded)");
        }
        var fraction = Math.Min(HoldoutFraction, MaxValidationRows / (double)rows.Length);
        var (train, valid) = FoldAssignment.Holdout(rows, classOfRow, fraction, random);
        return new ValidationPlan([(train, valid)],
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stratified}holdout: {valid.Length} of {rows.Length} rows ({fraction * 100:0.#}%, seeded)"));
    }
}
