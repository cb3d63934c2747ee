namespace MlOps.Engine.Validation;

/// <summary>
/// Seeded, stratified splits. Rows of each class are shuffled and dealt round-robin, continuing the
/// count across classes, so every fold (or holdout) gets each class in proportion and folds differ in
/// size by at most one row.
/// </summary>
internal static class FoldAssignment
{
    /// <summary>Fold index (0..k-1) for each of <paramref name="rows"/>; classOfRow null = unstratified (regression).</summary>
    public static int[] Folds(int[] rows, int[]? classOfRow, int k, Random random)
    {
        var fold = new int[rows.Length];
        var next = 0;
        foreach (var group in Strata(rows, classOfRow))
        {
            Shuffle(group, random);
            foreach (var position in group) fold[position] = next++ % k;
        }
        return fold;
    }

    /// <summary>Splits rows into (train, holdout) with about <paramref name="fraction"/> of each class held out.</summary>
    public static (int[] Train, int[] Holdout) Holdout(int[] rows, int[]? classOfRow, double fraction, Random random)
    {
        var isHoldout = new bool[rows.Length];
        foreach (var group in Strata(rows, classOfRow))
        {
            Shuffle(group, random);
            // Each class with 2+ rows keeps at least one row on each side.
            var take = (int)Math.Round(group.Length * fraction);
            if (group.Length >= 2) take = Math.Clamp(take, 1, group.Length - 1);
            for (var i = 0; i < take; i++) isHoldout[group[i]] = true;
        }
        var train = new List<int>(rows.Length);
        var holdout = new List<int>();
        for (var i = 0; i < rows.Length; i++) (isHoldout[i] ? holdout : train).Add(rows[i]);
        return (train.ToArray(), holdout.ToArray());
    }

    /// <summary>Positions (indexes into rows) grouped by class, classes in index order.</summary>
    private static IEnumerable<int[]> Strata(int[] rows, int[]? classOfRow)
    {
        if (classOfRow is null) return [Enumerable.Range(0, rows.Length).ToArray()];
        return Enumerable.Range(0, rows.Length).GroupBy(i => classOfRow[rows[i]]).OrderBy(g => g.Key).Select(g => g.ToArray());
    }

    private static void Shuffle(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
