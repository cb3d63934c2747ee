using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet msbuild -t:MlOpsRolloutDecision` in a real model project on labeled capture files with both models' answers
/// (docs/rollout.md, "Capture of both predictions"), written as the service writes them; the evidence is the project's
/// MlOpsProductionData (MlOpsRolloutEvidence left empty). Hold, roll back and promote in turn, then the lineage.
/// </summary>
[TestClass]
public sealed class RolloutDecisionTests
{
    [TestMethod]
    public void TheDecisionFollowsThePairedEvidenceAndIsRecordedInTheLineage()
    {
        var model = ModelProject.CreateSynthetic("rollout", rows: 300, seed: 1);
        model.Set("Version", "1.5.0").Set("MlOpsMinLabeledRows", "100").Item("MlOpsProductionData", "captures/labeled-*.csv");
        BuildAssert.Succeeded(model.Build());

        // Too few paired rows: 60 labeled rows both models scored, 40 only the champion did.
        LayDown(model, rows: 100, pairedRows: 60, champion: p => p * 1.3, challenger: p => p * 1.02);
        var hold = Decide(model);
        BuildAssert.FailedWith(hold, "MLOPS4021", "Rollout decision: hold: 60 paired labeled rows", "40 more needed");
        StringAssert.Contains(hold.Output, "MlOps: rollout decision: hold: 60 paired labeled rows");

        // The challenger answers 30% off where the champion is 2% off.
        LayDown(model, rows: 300, pairedRows: 300, champion: p => p * 1.02, challenger: p => p * 1.3);
        BuildAssert.FailedWith(Decide(model), "MLOPS4022", "Rollout decision: roll back: RSquared champion", "beyond MlOpsMaxRegression 0");

        LayDown(model, rows: 300, pairedRows: 300, champion: p => p * 1.3, challenger: p => p * 1.02);
        var promote = Decide(model);
        BuildAssert.Succeeded(promote);
        StringAssert.Contains(promote.Output, "MlOps: rollout decision: promote: RSquared champion");
        StringAssert.Contains(promote.Output, "on 300 paired rows");

        var records = File.ReadAllLines(model.OutputFile(ArtifactFiles.RolloutDecisions)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        CollectionAssert.AreEqual(new[] { "hold", "rollback", "promote" }, records.Select(r => r.GetProperty("decision").GetString()).ToArray());
        Assert.IsTrue(records.All(r => r.GetProperty("modelSha256").GetString() == model.Manifest.ModelSha256 && r.GetProperty("challengerVersion").GetString() == "1.5.0"));
        var lineage = model.Build("-t:MlOpsLineage");
        BuildAssert.Succeeded(lineage);
        var decisions = lineage.Output.Split('\n').Where(l => l.Contains("Rollout decision:", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(3, decisions.Count, lineage.Output);
        StringAssert.Contains(decisions[2], "UTC promote 1.5.0: RSquared champion");
    }

    private static CommandResult Decide(ModelProject model) =>
        DotNet.Run(model.Directory, ["msbuild", "-nodeReuse:false", "-tl:off", "-t:MlOpsRolloutDecision"]);

    /// <summary>
    /// A fresh labeled capture file of an image with two models: the champion answered every row; the challenger scored
    /// the first <paramref name="pairedRows"/>. Each answer is a function of the true price.
    /// </summary>
    private static void LayDown(ModelProject model, int rows, int pairedRows, Func<double, double> champion, Func<double, double> challenger)
    {
        var folder = model.DataPath("captures");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var data = CaptureFileWriter.Rows(SyntheticData.HousePrices(rows, seed: 9));
        var columns = model.Schema.Columns.Select(c => c.Name).ToList();
        var csv = new StringBuilder(string.Join(',', [.. columns, .. CaptureFiles.ServiceColumns, .. CaptureFiles.TwoModelColumns]) + "\n");
        for (var r = 0; r < rows; r++)
        {
            var price = double.Parse(data.Column("price")[r]!, CultureInfo.InvariantCulture);
            string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
            var (answer, other) = (F(champion(price)), r < pairedRows ? F(challenger(price)) : "");
            csv.AppendJoin(',', [.. columns.Select(c => data.Column(c)[r] ?? ""), answer, answer, "1.4.0", $"2026-11-28T10:00:{r % 60:00}Z", $"p{r}",
                "champion", answer, answer, other, other]).Append('\n');
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "labeled-20261128T100000Z-1.csv"), csv.ToString());
    }
}
