using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Engine;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// The typed API as a consumer meets it: a console app with ProjectReferences to two model projects (a binary
/// classifier with awkward headers, warnings as errors and its own API name and version; a regressor with the
/// defaults) calls Predict from several threads and PredictBatch, and gets what each model.zip says when scored
/// directly. A model project without a model yet still builds, and a rebuild retrains and recompiles nothing.
/// </summary>
[TestClass]
public sealed class TypedApiTests
{
    private const int Rows = 30;

    [TestMethod]
    public void ConsoleAppPredictsThroughProjectReferences()
    {
        var binary = ModelProject.Create("api-binary");
        binary.WriteData("data/train.csv", ExpensiveHouses(200, seed: 5));
        binary.Set("MlOpsLabelColumn", "expensive").Set("MlOpsTrainingTime", "60").Set("MlOpsMaxTrials", "2")
              .Set("MlOpsApiName", "Houses").Set("RootNamespace", "Contoso.Houses").Set("Version", "1.4.0")
              .Set("AssemblyName", "Contoso.Houses.Model") // both projects are Model.csproj: one app cannot hold two Model.dll
              .Set("TreatWarningsAsErrors", "true").Set("NoWarn", "$(NoWarn);NU1603").Set("GenerateDocumentationFile", "true")
              .Set("Nullable", "enable")
              .Item("MlOpsTrainingData", "data/train.csv");

        // Before any training (a fresh clone built with training off), the project builds, without an API.
        var untrained = binary.Build("-p:MlOpsSkipTraining=true");
        BuildAssert.Succeeded(untrained);
        StringAssert.Contains(untrained.Output, "no typed API is compiled");

        var regression = ModelProject.CreateSynthetic("api-regression", rows: 200, seed: 6);
        // Trained first: the app's inputs are written from the schemas.
        BuildAssert.Succeeded(binary.Build());
        BuildAssert.Succeeded(regression.Build());

        var app = ConsoleApp(binary, regression);
        var run = DotNet.Run(app, ["run", "-nodeReuse:false", "-tl:off"]);
        Assert.AreEqual(0, run.ExitCode, run.Output);
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.Contains('|')).ToList();

        StringAssert.Contains(run.Output, "facts|1.4.0|BinaryClassification|yes|");
        StringAssert.Contains(run.Output, "facts|1.0.0|Regression|");
        var houses = Expected(binary);
        var prices = Expected(regression);
        foreach (var kind in new[] { "predict", "batch" })
        {
            Assert.AreEqual(Rows, lines.Count(l => l.StartsWith($"houses-{kind}|")), string.Join("\n", lines));
            for (var r = 0; r < Rows; r++)
            {
                Assert.AreEqual(houses[r], Field(lines, $"houses-{kind}|{r}|"), $"binary {kind}, row {r}");
                Assert.AreEqual(prices[r], Field(lines, $"model-{kind}|{r}|"), $"regression {kind}, row {r}");
            }
        }

        // Nothing changed: no retraining, no regeneration, no recompilation of the model assembly.
        var dll = Path.Combine(binary.Directory, "bin", "Debug", "net10.0", "Contoso.Houses.Model.dll");
        var api = Path.Combine(binary.Directory, "obj", "Debug", "net10.0", "mlops", "MlOps.Api.g.cs");
        var before = (File.GetLastWriteTimeUtc(dll), File.GetLastWriteTimeUtc(api));
        // Not binary.Build(): saving the project file again would itself be a reason to recompile.
        var again = DotNet.Run(binary.Directory, ["build", "-nodeReuse:false", "-tl:off"]);
        BuildAssert.Succeeded(again);
        StringAssert.Contains(again.Output, "MlOps: model is up to date");
        Assert.AreEqual(before, (File.GetLastWriteTimeUtc(dll), File.GetLastWriteTimeUtc(api)), "a no-op build rewrote the API or the assembly:\n" + again.Output);
    }

    /// <summary>The house data with headers a C# name cannot be, a yes/no label, and a few missing cells.</summary>
    private static string ExpensiveHouses(int rows, int seed)
    {
        var lines = SyntheticData.HousePrices(rows, seed).TrimEnd('\n').Split('\n');
        var csv = new StringBuilder("\"Size (m²)\",# rooms,class,expensive\n");
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            var price = double.Parse(f[3], CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{f[0]},{(i % 7 == 0 ? "" : f[1])},{f[2]},{(price > 450 ? "yes" : "no")}\n");
        }
        return csv.ToString();
    }

    /// <summary>A console app referencing both model projects; it prints one line per row, prediction and method.</summary>
    private static string ConsoleApp(ModelProject binary, ModelProject regression)
    {
        var directory = TempFolders.New("api-app");
        SdkFeed.WriteNuGetConfig(directory);
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{SecurityElement.Escape(binary.ProjectFile)}" />
                <ProjectReference Include="{SecurityElement.Escape(regression.ProjectFile)}" />
              </ItemGroup>
            </Project>
            """);
        var houses = Inputs(binary, "Contoso.Houses.HousesInput", ["SizeM", "Rooms", "Class"]);
        var prices = Inputs(regression, "Model.ModelInput", ["Size", "Rooms", "City"]);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), $$"""
            using System;
            using System.Globalization;
            using System.Linq;
            using System.Threading.Tasks;
            using Contoso.Houses;

            var houses = new HousesInput[] { {{houses}} };
            var prices = new Model.ModelInput[] { {{prices}} };
            string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

            Console.WriteLine($"facts|{HousesModel.Version}|{HousesModel.Task}|{HousesModel.PositiveClass}|{HousesModel.Trainer}");
            Console.WriteLine($"facts|{Model.ModelModel.Version}|{Model.ModelModel.Task}|{Model.ModelModel.Trainer}");

            // Single predictions from four threads at once, both models interleaved.
            var single = new string[houses.Length + prices.Length];
            Parallel.For(0, single.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                if (i < houses.Length) { var o = HousesModel.Predict(houses[i]); single[i] = $"houses-predict|{i}|{o.Label}|{F(o.Probability)}"; }
                else { var j = i - houses.Length; single[i] = $"model-predict|{j}|{F(Model.ModelModel.Predict(prices[j]).Value)}"; }
            });
            foreach (var line in single) Console.WriteLine(line);

            // Three concurrent batches of the same rows must agree with each other; the first one is printed.
            var batches = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => HousesModel.PredictBatch(houses))));
            if (batches.Any(b => !b.SequenceEqual(batches[0]))) throw new Exception("concurrent batches disagree");
            for (var i = 0; i < houses.Length; i++) Console.WriteLine($"houses-batch|{i}|{batches[0][i].Label}|{F(batches[0][i].Probability)}");
            var values = Model.ModelModel.PredictBatch(prices);
            for (var i = 0; i < prices.Length; i++) Console.WriteLine($"model-batch|{i}|{F(values[i].Value)}");
            """);
        return directory;
    }

    /// <summary>The first rows of the project's training data as C# object initializers, properties in column order.</summary>
    private static string Inputs(ModelProject project, string type, string[] properties)
    {
        var schema = project.Schema;
        var features = schema.Features.ToList();
        Assert.HasCount(properties.Length, features, "features: " + string.Join(", ", features.Select(f => f.Name)));
        var table = CsvLoader.Load(project.DataPath("data/train.csv"), new CsvOptions());
        return string.Join(",\n    ", Enumerable.Range(0, Rows).Select(r =>
            $"new {type} {{ " + string.Join(", ", features.Select((f, i) => $"{properties[i]} = {Value(f, table.Column(f.Name)[r])}")) + " }"));
    }

    private static string Value(ColumnSchema column, string? cell) =>
        cell is null ? "null"
        : column.Kind == ColumnKind.Numeric ? float.Parse(cell, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "f"
        : "\"" + cell.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>What model.zip itself predicts for the same rows, formatted as the app prints it.</summary>
    private static string[] Expected(ModelProject project)
    {
        var schema = project.Schema;
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(project.OutputFile("model.zip"), out _);
        var table = CsvLoader.Load(project.DataPath("data/train.csv"), new CsvOptions());
        var scored = model.Transform(DataViewFactory.Create(table, schema, includeLabel: false));
        static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        return schema.Task == MlTask.BinaryClassification
            ? scored.GetColumn<bool>("PredictedLabel").Zip(scored.GetColumn<float>("Probability"))
                .Take(Rows).Select(x => $"{schema.LabelClasses![x.First ? 1 : 0]}|{F(x.Second)}").ToArray()
            : scored.GetColumn<float>("Score").Take(Rows).Select(F).ToArray();
    }

    private static string Field(List<string> lines, string prefix)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.IsNotNull(line, $"no '{prefix}' line in:\n{string.Join("\n", lines)}");
        return line[prefix.Length..];
    }
}
