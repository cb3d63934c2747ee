using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class ColumnInferenceTests
{
    private static DataSchema Infer(TabularData data, string label = "y", Func<InferenceOptions, InferenceOptions>? edit = null)
    {
        var options = new InferenceOptions { Label = label };
        return ColumnInference.Infer(data, edit is null ? options : edit(options));
    }

    private static string Rows(int n, Func<int, string> row) => string.Join("\n", Enumerable.Range(0, n).Select(row));

    [TestMethod]
    public void InfersEachKind()
    {
        using var dir = new TempDir();
        var words = new[] { "the cat sat", "a dog ran off", "birds sing loudly", "fish swim deep", "cows eat grass now" };
        var data = dir.Load("num,flag,cat,text,const,empty,y\n" + Rows(20, i =>
            $"{i * 1.5 % 7},{(i % 3 == 0 ? "True" : "false")},{(i % 2 == 0 ? "red" : "blue")},\"{words[i % 5]} {i}\",k,,{i % 2}"));
        var schema = Infer(data);
        Assert.AreEqual(ColumnKind.Numeric, schema.Find("num")!.Kind);
        Assert.AreEqual(ColumnKind.Boolean, schema.Find("flag")!.Kind);
        Assert.AreEqual(ColumnKind.Categorical, schema.Find("cat")!.Kind);
        Assert.AreEqual(ColumnKind.Text, schema.Find("text")!.Kind);
        Assert.AreEqual(ColumnKind.Ignored, schema.Find("const")!.Kind);
        Assert.AreEqual("constant", schema.Find("const")!.Reason);
        Assert.AreEqual(ColumnKind.Ignored, schema.Find("empty")!.Kind);
        Assert.AreEqual(1.0, schema.Find("empty")!.MissingRate);
        Assert.AreEqual(20, schema.RowCount);
        CollectionAssert.AreEqual(new[] { "num", "flag", "cat", "text" }, schema.Features.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void RecordsStats()
    {
        using var dir = new TempDir();
        var data = dir.Load("n,c,b,y\n1,b,true,0\n,a,TRUE,1\n4,b,false,0\n7,a,,1\n3,c,true,0");
        var schema = Infer(data);
        var n = schema.Find("n")!;
        Assert.AreEqual(0.2, n.MissingRate, 1e-12);
        Assert.AreEqual((1d, 7d, 3.75), (n.Min, n.Max, n.Mean));
        Assert.AreEqual(4, n.DistinctCount);
        Assert.IsNull(n.Categories);
        Assert.AreEqual(101, n.Quantiles!.Length);
        Assert.AreEqual((1d, 3d, 7d), (n.Quantiles[0], n.Quantiles[50], n.Quantiles[100]));
        var c = schema.Find("c")!;
        CollectionAssert.AreEqual(new[] { new CategoryCount("a", 2), new CategoryCount("b", 2), new CategoryCount("c", 1) }, c.Categories!.ToArray());
        Assert.IsNull(c.Min);
        Assert.IsNull(c.Quantiles);
        var b = schema.Find("b")!;
        Assert.AreEqual(ColumnKind.Boolean, b.Kind);
        CollectionAssert.AreEqual(new[] { new CategoryCount("true", 3), new CategoryCount("false", 1) }, b.Categories!.ToArray());
    }

    [TestMethod]
    public void IdLikeColumnsAreIgnored()
    {
        using var dir = new TempDir();
        var data = dir.Load("customer_id,RowNo,UserId,code,paid,small,y\n" + Rows(12, i =>
            $"{i * 37 % 101},{i + 5},{100 - i},K{i * 7},{i % 4},{i % 3},{i % 2}"));
        var schema = Infer(data);
        Assert.AreEqual("id-like", schema.Find("customer_id")!.Reason);
        Assert.AreEqual("id-like", schema.Find("RowNo")!.Reason, "consecutive integers are row numbers");
        Assert.AreEqual("id-like", schema.Find("UserId")!.Reason);
        Assert.AreEqual("id-like", schema.Find("code")!.Reason, "distinct single-word strings");
        Assert.AreEqual(ColumnKind.Numeric, schema.Find("paid")!.Kind, "'paid' is not an id");
        Assert.AreEqual(ColumnKind.Numeric, schema.Find("small")!.Kind, "few distinct integers stay numeric");
    }

    [TestMethod]
    public void FewRowsAreNotMistakenForIds()
    {
        using var dir = new TempDir();
        var schema = Infer(dir.Load("n,color,y\n1,red,0\n2,blue,1\n3,green,0"));
        Assert.AreEqual(ColumnKind.Numeric, schema.Find("n")!.Kind);
        Assert.AreEqual(ColumnKind.Categorical, schema.Find("color")!.Kind);
    }

    [TestMethod]
    public void OverridesWin()
    {
        using var dir = new TempDir();
        var data = dir.Load("a,b,c,d,y\n1,x y z,p,9,0\n2,x y w,q,8,1\n3,u v w,r,7,0");
        var schema = Infer(data, edit: o => o with { Ignore = ["a"], Categorical = ["b", "d"], Text = ["c"] });
        Assert.AreEqual((ColumnKind.Ignored, "override"), (schema.Find("a")!.Kind, schema.Find("a")!.Reason));
        Assert.AreEqual(ColumnKind.Categorical, schema.Find("b")!.Kind);
        Assert.AreEqual(3, schema.Find("d")!.Categories!.Count);
        Assert.AreEqual(ColumnKind.Text, schema.Find("c")!.Kind);
    }

    [TestMethod]
    public void NumericOverrideOnNumbersKeepsStats()
    {
        using var dir = new TempDir();
        var schema = Infer(dir.Load("a,y\n5,0\n5,1"), edit: o => o with { Numeric = ["a"] });
        Assert.AreEqual((ColumnKind.Numeric, 5d), (schema.Find("a")!.Kind, schema.Find("a")!.Mean));
    }

    [TestMethod]
    public void NumericOverrideOnTextNamesTheBadValueAndLine()
    {
        using var dir = new TempDir();
        var data = dir.Load("a,y\n1,0\n\n2.5,1\nabc,0\n");
        var e = Assert.ThrowsExactly<MlOpsException>(() => Infer(data, edit: o => o with { Numeric = ["a"] }));
        Assert.AreEqual(ErrorCodes.InvalidNumber, e.Code);
        Assert.AreEqual(5, e.Line);
        Assert.AreEqual(data.Path, e.File);
        Assert.Contains("'abc'", e.Message);
        Assert.Contains("'a'", e.Message);
    }

    [TestMethod]
    public void UnknownOverrideListsTheColumns()
    {
        using var dir = new TempDir();
        var data = dir.Load("Alpha,Beta,y\n1,2,0\n3,4,1");
        var e = Assert.ThrowsExactly<MlOpsException>(() => Infer(data, edit: o => o with { Categorical = ["alpha"] }));
        Assert.AreEqual(ErrorCodes.UnknownColumnOverride, e.Code);
        Assert.AreEqual(data.Path, e.File);
        Assert.Contains("'alpha'", e.Message);
        Assert.Contains("'Alpha', 'Beta', 'y'", e.Message);
    }

    [TestMethod]
    public void UnknownLabelListsTheColumns()
    {
        using var dir = new TempDir();
        var data = dir.Load("Alpha,Beta\n1,2\n3,4");
        var e = Assert.ThrowsExactly<MlOpsException>(() => Infer(data, label: "Label"));
        Assert.AreEqual(ErrorCodes.LabelNotFound, e.Code);
        Assert.Contains("'Alpha', 'Beta'", e.Message);
    }

    [TestMethod]
    public void ConflictingOverrides()
    {
        using var dir = new TempDir();
        var data = dir.Load("a,b,y\n1,2,0\n3,4,1");
        var twice = Assert.ThrowsExactly<MlOpsException>(() => Infer(data, edit: o => o with { Ignore = ["a"], Numeric = ["a"] }));
        Assert.AreEqual(ErrorCodes.ConflictingColumnOverride, twice.Code);
        Assert.Contains("MlOpsIgnoreColumns", twice.Message);
        var label = Assert.ThrowsExactly<MlOpsException>(() => Infer(data, edit: o => o with { Ignore = ["y"] }));
        Assert.AreEqual(ErrorCodes.ConflictingColumnOverride, label.Code);
    }
}
