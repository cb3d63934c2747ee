using System.Text.RegularExpressions;

namespace MlOps.Tool.Tests;

/// <summary>The command table: what an unknown command, a missing key and an unknown key say, and that the targets agree with it.</summary>
[TestClass]
public sealed class CommandTableTests
{
    [TestMethod]
    public async Task AnUnknownCommandIsAUsageErrorNotTraining()
    {
        using var dir = new TempDir();
        var run = await ToolRun.Command("trian", dir, ["ProjectFile=/p/M.csproj"]);
        Assert.AreEqual(2, run.Exit);
        StringAssert.Contains(run.Usage, "unknown command 'trian'");
        StringAssert.Contains(run.Usage, string.Join('|', ToolCommands.All.Select(c => c.Name)));
        Assert.AreEqual("", run.Log, "nothing ran");
    }

    [TestMethod]
    public async Task NoOptionsFileIsAUsageError()
    {
        var run = await ToolRun.Args("card");
        Assert.AreEqual(2, run.Exit);
        StringAssert.Contains(run.Usage, "usage: MlOps.Tool train|");
    }

    [TestMethod]
    public async Task AMissingKeyIsAnErrorNamingTheKeyAndTheFile()
    {
        using var dir = new TempDir();
        var run = await ToolRun.Command("card", dir, ["ModelFolder=/m", "Version=1.0.0"]);
        Assert.AreEqual(1, run.Exit);
        var file = Path.Combine(dir.Root, "card.options");
        StringAssert.StartsWith(run.Log, $"{file} : error MLOPS1011: The options file lacks the key 'Name', which the tool's card command needs");
    }

    [TestMethod]
    public async Task AnUnknownKeyIsAnErrorNamingTheKeyTheFileAndTheLine()
    {
        using var dir = new TempDir();
        var run = await ToolRun.Command("card", dir, ["ModelFolder=/m", "Name=M", "Verison=1.0.0"]);
        Assert.AreEqual(1, run.Exit);
        var file = Path.Combine(dir.Root, "card.options");
        StringAssert.StartsWith(run.Log, $"{file}(3) : error MLOPS1012: The options file has the key 'Verison', which the tool's card command does not read; it reads Contact, Copyright, Description, License, ModelFolder, Name, Owners, RepositoryUrl, Version.");
    }

    [TestMethod]
    public void EveryCommandHasItsOwnFailureCode()
    {
        var codes = ToolCommands.All.Select(c => c.FailureCode).ToList();
        CollectionAssert.AllItemsAreUnique(codes);
        Assert.AreEqual(ToolCommands.All.Count, ToolCommands.All.Select(c => c.Name).Distinct().Count());
        var readme = File.ReadAllText(Path.Combine(Repo.Root(), "README.md"));
        foreach (var code in codes) Assert.IsTrue(readme.Contains($"| {code} |", StringComparison.Ordinal), $"README's error table lists {code}");
    }

    /// <summary>
    /// Each `MlOpsTool Command="x"` in the SDK's targets: the keys written to its options file (the items named in the
    /// WriteLinesToFile of that file, with the item lists they include) are all declared by the command, and every key
    /// the command requires is written. A key renamed on one side only fails here, in seconds, not in a packed build.
    /// </summary>
    [TestMethod]
    public void TheTargetsWriteWhatEachCommandDeclares()
    {
        var targets = string.Concat(Directory.GetFiles(Path.Combine(Repo.Root(), "sdk", "build"))
            .Where(f => f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".proj", StringComparison.Ordinal)).Select(File.ReadAllText));
        var items = new Dictionary<string, HashSet<string>>();
        foreach (Match m in Regex.Matches(targets, """<(_MlOps\w+Option) Include="(?:@\((\w+)\)|(?:@\(\w+->')?(\w+)=)"""))
        {
            var keys = items.TryGetValue(m.Groups[1].Value, out var k) ? k : items[m.Groups[1].Value] = [];
            if (m.Groups[2].Success) keys.Add("@" + m.Groups[2].Value); else keys.Add(m.Groups[3].Value);
        }
        // An options file is written from one item group, by MlOpsWriteOptions (File=) or by MlOpsTool itself (OptionsFile=).
        var fileItems = Regex.Matches(targets, """(?:OptionsFile|\bFile)="\$\((\w+)\)" Options="@\((\w+)\)""")
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value);
        var commands = Regex.Matches(targets, """<MlOpsTool Command="([\w-]+)" ToolAssembly="[^"]*" OptionsFile="\$\((\w+)\)""").ToList();
        Assert.AreEqual(ToolCommands.All.Count, commands.Select(m => m.Groups[1].Value).Distinct().Count(), "every command of the table is started by the targets");

        foreach (var started in commands)
        {
            var command = ToolCommands.Find(started.Groups[1].Value);
            Assert.IsNotNull(command, $"the targets start '{started.Groups[1].Value}', which the table lacks");
            var written = Keys(items, fileItems[started.Groups[2].Value]);
            var declared = command.Keys.Required.Concat(command.Keys.Optional).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var key in written) Assert.IsTrue(declared.Contains(key), $"the targets write '{key}' for {command.Name}, which it does not declare");
            foreach (var key in command.Keys.Required) Assert.IsTrue(written.Contains(key), $"{command.Name} requires '{key}', which the targets do not write");
        }
    }

    private static HashSet<string> Keys(Dictionary<string, HashSet<string>> items, string item) =>
        items[item].SelectMany(k => k.StartsWith('@') ? Keys(items, k[1..]) : [k]).ToHashSet();
}
