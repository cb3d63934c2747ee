using System.Xml.Linq;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>One test's result in a TRX file: its name, outcome, and the files attached to it (that exist on disk).</summary>
public sealed record TrxResult(string TestName, string Outcome, IReadOnlyList<string> Attachments);

/// <summary>The TRX file `dotnet test --logger trx` wrote into a results folder, as CI test tabs read it.</summary>
public sealed class TrxResults
{
    private TrxResults(IReadOnlyList<TrxResult> results) => Results = results;

    public IReadOnlyList<TrxResult> Results { get; }

    public static TrxResults Read(string folder)
    {
        var trx = Directory.GetFiles(folder, "*.trx").SingleOrDefault()
            ?? throw new AssertFailedException($"no TRX file in {folder}");
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        // Attached files land in <results>/<run>/In/<execution id>/<machine>/<file>; the TRX lists the part after the id.
        var attachments = Directory.GetDirectories(folder);
        var results = XDocument.Load(trx).Descendants(ns + "UnitTestResult").Select(r => new TrxResult(
            (string)r.Attribute("testName")!,
            (string)r.Attribute("outcome")!,
            r.Descendants(ns + "ResultFile").Select(f => (string)f.Attribute("path")!)
             .Where(path => attachments.Any(run => File.Exists(Path.Combine(run, "In", (string)r.Attribute("executionId")!, path))))
             .Select(Path.GetFileName).ToList()!)).ToList();
        return new TrxResults(results);
    }

    /// <summary>The one result whose test name contains <paramref name="check"/>.</summary>
    public TrxResult Single(string check) =>
        Results.SingleOrDefault(r => r.TestName.Contains(check, StringComparison.Ordinal))
        ?? throw new AssertFailedException($"no single result for '{check}' in: {string.Join(", ", Results.Select(r => r.TestName))}");
}
