using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Core.Schema;
using MlOps.Tool.Cards;

namespace MlOps.Tool.Tests;

/// <summary>
/// model-card.html rendered by headless Chromium (Debian's package, installed by eng/chromium.sh when missing): every
/// chart is laid out with a real size and draws shapes. A probe script added to a copy reports what Blink rendered.
/// </summary>
[TestClass]
public sealed class ModelCardChromiumTests
{
    private const string Probe = """
        <pre id="probe"></pre><script>
        document.getElementById('probe').textContent = JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {
          const box = s.getBoundingClientRect();
          const shapes = [...s.querySelectorAll('rect,polyline,circle')].filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0; });
          return { id: s.id, width: box.width, height: box.height, shapes: shapes.length, fill: shapes.length ? getComputedStyle(shapes[0]).fill : '' };
        }));
        </script>
        """;

    private static string? _chromium;

    [ClassInitialize]
    public static void InstallChromium(TestContext _)
    {
        var (exit, output) = Run("bash", [Path.Combine(Repo.Root(), "eng", "chromium.sh")], TimeSpan.FromMinutes(10));
        Assert.AreEqual(0, exit, "eng/chromium.sh could not install Chromium:\n" + output);
        _chromium = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.IsTrue(File.Exists(_chromium), $"eng/chromium.sh printed '{_chromium}', which is not a file:\n{output}");
    }

    [TestMethod]
    [DataRow(MlTask.BinaryClassification, new[] { "chart-metrics", "chart-confusion", "chart-roc", "chart-importance", "profile-0", "profile-1" })]
    [DataRow(MlTask.MulticlassClassification, new[] { "chart-metrics", "chart-confusion", "chart-importance", "profile-0", "profile-1" })]
    [DataRow(MlTask.Regression, new[] { "chart-metrics", "chart-residuals", "chart-predicted-actual", "chart-importance", "profile-0" })]
    public void ChromiumRendersEveryChart(MlTask task, string[] charts)
    {
        using var temp = new TempDir();
        var html = HtmlCard.Render(CardSamples.For(task));
        var page = temp.Write("model-card.html", html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));

        var (exit, dom) = Run(_chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1024,2000",
            "--user-data-dir=" + Path.Combine(temp.Root, "profile"), "--dump-dom", new Uri(page).AbsoluteUri], TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, exit, dom);
        var probe = Regex.Match(dom, "<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.IsTrue(probe.Success && probe.Groups[1].Value.Length > 2, "the probe found no chart in the rendered page:\n" + dom[..Math.Min(dom.Length, 2000)]);
        var rendered = JsonSerializer.Deserialize<RenderedChart[]>(System.Net.WebUtility.HtmlDecode(probe.Groups[1].Value),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!.ToDictionary(c => c.Id);

        foreach (var id in charts)
        {
            Assert.IsTrue(rendered.TryGetValue(id, out var chart), $"{id} was not rendered; rendered: {string.Join(", ", rendered.Keys)}");
            Assert.IsGreaterThan(20, chart.Width, $"{id}: {chart}");
            Assert.IsGreaterThan(20, chart.Height, $"{id}: {chart}");
            Assert.IsGreaterThan(0, chart.Shapes, $"{id} draws no visible shape: {chart}");
        }
        // The inline stylesheet applies: bars are coloured, not the default black.
        Assert.AreEqual("rgb(78, 121, 167)", rendered["chart-importance"].Fill);
        // The escaped hostile column name stays text: Chromium ran only the probe.
        StringAssert.Contains(dom, "&lt;script&gt;alert('x')&lt;/script&gt;");
        Assert.AreEqual(1, Regex.Matches(dom, "<script>").Count, "only the probe is a script");
    }

    private sealed record RenderedChart(string Id, double Width, double Height, int Shapes, string Fill);

    private static (int Exit, string Output) Run(string file, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {timeout}.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + (process.ExitCode == 0 ? "" : "\n" + stderr.Result));
    }
}
