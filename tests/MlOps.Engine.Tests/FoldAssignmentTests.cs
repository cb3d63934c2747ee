using MlOps.Engine.Validation;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class FoldAssignmentTests
{
    // 90 rows of class 0, 10 of class 1.
    private static readonly int[] Classes = Enumerable.Range(0, 100).Select(i => i % 10 == 3 ? 1 : 0).ToArray();
    private static readonly int[] Rows = Enumerable.Range(0, 100).ToArray();

    [TestMethod]
    public void FoldsAreStratifiedAndBalanced()
    {
        var fold = FoldAssignment.Folds(Rows, Classes, 5, new Random(1));
        for (var k = 0; k < 5; k++)
        {
            var members = Rows.Where((_, i) => fold[i] == k).ToArray();
            Assert.AreEqual(20, members.Length);
            Assert.AreEqual(2, members.Count(r => Classes[r] == 1), $"fold {k} keeps the minority share");
        }
    }

    [TestMethod]
    public void FoldsAreSeeded()
    {
        CollectionAssert.AreEqual(FoldAssignment.Folds(Rows, Classes, 5, new Random(3)), FoldAssignment.Folds(Rows, Classes, 5, new Random(3)));
        CollectionAssert.AreNotEqual(FoldAssignment.Folds(Rows, Classes, 5, new Random(3)), FoldAssignment.Folds(Rows, Classes, 5, new Random(4)));
    }

    [TestMethod]
    public void HoldoutIsStratifiedAndDisjoint()
    {
        var (train, holdout) = FoldAssignment.Holdout(Rows, Classes, 0.2, new Random(1));
        Assert.AreEqual(20, holdout.Length);
        Assert.AreEqual(2, holdout.Count(r => Classes[r] == 1));
        Assert.AreEqual(0, train.Intersect(holdout).Count());
        Assert.AreEqual(100, train.Length + holdout.Length);
    }

    [TestMethod]
    public void FewerFoldsAsRowsGrowThenHoldout()
    {
        Assert.AreEqual(5, ValidationPlan.FoldsFor(999));
        Assert.AreEqual(3, ValidationPlan.FoldsFor(1_000));
        Assert.AreEqual(3, ValidationPlan.FoldsFor(9_999));
        Assert.AreEqual(1, ValidationPlan.FoldsFor(10_000));
        Assert.AreEqual(5, ValidationPlan.Create(Rows, Classes, 1).Splits.Count);
        var mid = Enumerable.Range(0, 3_000).ToArray();
        var cv = ValidationPlan.Create(mid, null, 1);
        Assert.AreEqual(3, cv.Splits.Count);
        StringAssert.StartsWith(cv.Description, "3-fold");
        var big = Enumerable.Range(0, 12_000).ToArray();
        var plan = ValidationPlan.Create(big, null, 1);
        Assert.AreEqual(1, plan.Splits.Count);
        Assert.AreEqual(1800, plan.Splits[0].Valid.Length);
    }
}
