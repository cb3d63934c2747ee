namespace MlOps.Engine.Validation;

/// <summary>
/// How trials are scored: k-fold cross-validation below <see cref="CrossValidationMaxRows"/> rows
/// (stable on small data), else one holdout (k fits would eat the budget on large data).
/// </summary>
internal sealed class ValidationPlan
{
    public const int CrossValidationMaxRows = 10_000;
    public const int Folds = 5;
    public const double HoldoutFraction = 0.15;

    private ValidationPlan(IReadOnlyList<(int[] Train, int[] Valid)> splits, string description)
    {
        Splits = splits;
        Description = description;
    }

    public IReadOnlyList<(int[] Train, int[] Valid)> Splits { get; }
    public string Description { get; }
    public bool IsCrossValidation => Splits.Count > 1;

    public static ValidationPlan Create(int[] rows, int[]? classOfRow, int seed)
    {
        var random = new Random(seed);
        var stratified = classOfRow is not null ? "stratified " : "";
        if (rows.Length < CrossValidationMaxRows)
        {
            var fold = FoldAssignment.Folds(rows, classOfRow, Folds, random);
            var splits = Enumerable.Range(0, Folds).Select(k => (
                rows.Where((_, i) => fold[i] != k).ToArray(),
                rows.Where((_, i) => fold[i] == k).ToArray())).ToArray();
            return new ValidationPlan(splits, $"{Folds}-fold {stratified}cross-validation on {rows.Length} rows (seeded)");
        }
        var (train, valid) = FoldAssignment.Holdout(rows, classOfRow, HoldoutFraction, random);
        return new ValidationPlan([(train, valid)],
            $"{stratified}holdout: {valid.Length} of {rows.Length} rows ({(int)Math.Round(HoldoutFraction * 100)}%, seeded)");
    }
}
