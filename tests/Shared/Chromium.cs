using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Tests.Shared;

/// <summary>
/// Headless Chromium (Debian's package, installed by eng/chromium.sh when missing) for the pages the SDK writes without
/// script (the model card, the run comparison): a probe script added to a copy reports what Blink laid out, and a
/// screenshot shows it. Linked into the test projects that render pages.
/// </summary>
internal static class Chromium
{
    /// <summary>Every svg.chart's id, laid-out size, visible shapes and the first shape's computed fill.</summary>
    private const string Probe = """
        <pre id="probe"></pre><script>
        document.getElementById('probe').textContent = JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {
          const box = s.getBoundingClientRect();
          const shapes = [...s.querySelectorAll('rect,polyline,circle')].filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0; });
          return { id: s.id, width: box.width, height: box.height, shapes: shapes.length, fill: shapes.length ? getComputedStyle(shapes[0]).fill : '' };
        }));
        </script>
        """;

    private static readonly Lazy<string> Executable = new(Install);

    public sealed record RenderedChart(string Id, double Width, double Height, int Shapes, string Fill);

    /// <summary>What Chromium rendered of <paramref name="html"/> (a copy with the probe, in <paramref name="folder"/>): the DOM and each chart by id.</summary>
    public static (string Dom, IReadOnlyDictionary<string, RenderedChart> Charts) Render(string html, string folder)
    {
        var page = Path.Combine(folder, "probed.html");
        File.WriteAllText(page, html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var (exit, dom) = Run(Executable.Value, [.. Headless(folder), "--window-size=1024,2000", "--dump-dom", new Uri(page).AbsoluteUri], TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, exit, dom);
        var probe = Regex.Match(dom, "<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.IsTrue(probe.Success && probe.Groups[1].Value.Length > 2, "the probe found no chart in the rendered page:\n" + dom[..Math.Min(dom.Length, 2000)]);
        var charts = JsonSerializer.Deserialize<RenderedChart[]>(System.Net.WebUtility.HtmlDecode(probe.Groups[1].Value),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!.ToDictionary(c => c.Id);
        return (dom, charts);
    }

    /// <summary>A PNG of the page as written (no probe) at <paramref name="png"/>.</summary>
    public static void Screenshot(string page, string png, int width = 1100, int height = 2400)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(png))!;
        Directory.CreateDirectory(folder);
        var (exit, output) = Run(Executable.Value, [.. Headless(Directory.CreateTempSubdirectory("mlops-chromium-").FullName),
            $"--window-size={width},{height}", "--hide-scrollbars", $"--screenshot={png}", new Uri(page).AbsoluteUri], TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, exit, output);
        Assert.IsTrue(File.Exists(png) && new FileInfo(png).Length > 1000, $"Chromium wrote no screenshot at {png}:\n{output}");
    }

    private static string[] Headless(string profileParent) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + Path.Combine(profileParent, "profile")];

    private static string Install()
    {
        var (exit, output) = Run("bash", [Path.Combine(Repo.Root(), "eng", "chromium.sh")], TimeSpan.FromMinutes(10));
        Assert.AreEqual(0, exit, "eng/chromium.sh could not install Chromium:\n" + output);
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.IsTrue(File.Exists(path), $"eng/chromium.sh printed '{path}', which is not a file:\n{output}");
        return path;
    }

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
