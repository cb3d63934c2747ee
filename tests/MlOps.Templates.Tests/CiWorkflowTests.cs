using System.Diagnostics;
using MlOps.EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>
/// The CI files `dotnet new mlops` writes, parsed with YamlDotNet: pull requests build and test only; the main branch
/// publishes the tested build after the tests, with a version per run; logins come from secrets through the
/// environment only; least privilege; model outputs uploaded and the model card in the job summary. The GitHub
/// workflows (mlops.yml, and production.yml: ProductionWorkflowTests) are also checked against the Actions workflow
/// schema (eng/action-validator.sh).
/// </summary>
[TestClass]
public sealed class CiWorkflowTests
{
    private static GeneratedSolution _plain = null!, _ghcr = null!;

    [ClassInitialize]
    public static void Instantiate(TestContext _)
    {
        _plain = GeneratedSolution.Create("Ci");
        _ghcr = GeneratedSolution.Create("Ghcr", "--registry", "ghcr.io/acme");
    }

    // ---- GitHub Actions ----

    internal static YamlMappingNode GitHub(GeneratedSolution solution) => Yaml(solution, ".github/workflows/mlops.yml");

    [TestMethod]
    public void GitHubPullRequestsTestAndOnlyMainPublishesAfterTheTests()
    {
        var workflow = GitHub(_plain);
        var on = Map(workflow, "on");
        Assert.IsTrue(on.Children.ContainsKey(new YamlScalarNode("pull_request")));
        CollectionAssert.AreEqual(new[] { "main" }, Strings(Map(on, "push"), "branches"));

        var jobs = Map(workflow, "jobs");
        var test = Map(jobs, "test");
        var testRuns = Runs(Steps(test));
        Assert.IsFalse(testRuns.Any(r => r.Contains("dotnet publish")), "a pull request never publishes");
        StringAssert.Contains(testRuns.Single(r => r.StartsWith("dotnet build") && !r.Contains("-t:MlOpsCompare")), "-p:Version=$MODEL_VERSION");
        Assert.IsTrue(testRuns.Any(r => r.StartsWith("dotnet test -c Release --no-build")));

        var publish = Map(jobs, "publish");
        Assert.AreEqual("test", Scalar(publish, "needs"));
        StringAssert.Contains(Scalar(publish, "if"), "github.ref == 'refs/heads/main'");
        StringAssert.Contains(Scalar(publish, "if"), "github.event_name == 'push'");
        var publishRun = Runs(Steps(publish)).Single(r => r.StartsWith("dotnet publish"));
        StringAssert.Contains(publishRun, "--no-build", "publish ships the tested build, it does not build (train) again");
        StringAssert.Contains(publishRun, "-p:Version=$MODEL_VERSION");
        StringAssert.Contains(Scalar(Map(workflow, "env"), "MODEL_VERSION"), "${{ github.run_number }}");
        // The lineage's commit is the run's: MSBuild reads the environment as properties, so every command gets it.
        Assert.AreEqual("${{ github.sha }}", Scalar(Map(workflow, "env"), "SourceRevisionId"));

        // The tested build travels from test to publish.
        var handOff = Steps(test).Single(s => Uses(s).StartsWith("actions/upload-artifact@") && Scalar(Map(s, "with"), "name") == "tested-build");
        StringAssert.Contains(Scalar(handOff, "if"), "refs/heads/main");
        Assert.AreEqual("tested-build", Scalar(Map(Steps(publish).Single(s => Uses(s).StartsWith("actions/download-artifact@")), "with"), "name"));
    }

    [TestMethod]
    public void GitHubDeclaresLeastPrivilege()
    {
        var plain = GitHub(_plain);
        AssertPermissions(Map(plain, "permissions"), ("contents", "read"));
        AssertPermissions(Map(Map(Map(plain, "jobs"), "publish"), "permissions"), ("contents", "read"), ("id-token", "write"), ("attestations", "write"));
        // Pushing to GHCR with GITHUB_TOKEN: packages: write, on the publish job only.
        var ghcr = GitHub(_ghcr);
        AssertPermissions(Map(ghcr, "permissions"), ("contents", "read"));
        Assert.IsFalse(Map(Map(ghcr, "jobs"), "test").Children.ContainsKey(new YamlScalarNode("permissions")));
        AssertPermissions(Map(Map(Map(ghcr, "jobs"), "publish"), "permissions"), ("contents", "read"), ("id-token", "write"), ("attestations", "write"), ("packages", "write"));
        var env = Map(Steps(Map(Map(ghcr, "jobs"), "publish")).Single(s => Run(s).StartsWith("dotnet publish")), "env");
        Assert.AreEqual("${{ secrets.GITHUB_TOKEN }}", Scalar(env, "SDK_CONTAINER_REGISTRY_PWORD"));
    }

    [TestMethod]
    public void GitHubMapsSecretsIntoTheEnvironmentOfPublishOnly()
    {
        foreach (var workflow in new[] { GitHub(_plain), GitHub(_ghcr) })
        {
            var secrets = Scalars(workflow).Where(s => s.Value.Contains("secrets.", StringComparison.Ordinal)).ToList();
            Assert.IsTrue(secrets.Count >= 2, "the registry login (GHCR: GITHUB_TOKEN) and the feed key");
            foreach (var (path, value) in secrets)
                StringAssert.Matches(path, new System.Text.RegularExpressions.Regex(@"^jobs/publish/steps/\d+/env/(SDK_CONTAINER_REGISTRY_UNAME|SDK_CONTAINER_REGISTRY_PWORD|MLOPS_NUGET_API_KEY)$"), $"{value} at {path}");
        }
        var env = Map(Steps(Map(Map(GitHub(_plain), "jobs"), "publish")).Single(s => Run(s).StartsWith("dotnet publish")), "env");
        Assert.AreEqual("${{ secrets.REGISTRY_PASSWORD }}", Scalar(env, "SDK_CONTAINER_REGISTRY_PWORD"));
        Assert.AreEqual("${{ secrets.NUGET_API_KEY }}", Scalar(env, "MLOPS_NUGET_API_KEY"));
    }

    [TestMethod]
    public void GitHubUploadsTheModelOutputsAndWritesTheCardToTheJobSummary()
    {
        var steps = Steps(Map(Map(GitHub(_plain), "jobs"), "test"));
        var upload = steps.Single(s => Uses(s).StartsWith("actions/upload-artifact@") && Scalar(Map(s, "with"), "name").StartsWith("model-"));
        StringAssert.Contains(Scalar(upload, "if"), "!cancelled()", "the metrics of a model that failed its gates are uploaded too");
        foreach (var file in new[] { "mlops/metrics.json", "mlops/manifest.json", "mlops/model-card.*" })
            StringAssert.Contains(Scalar(Map(upload, "with"), "path"), file);

        var summary = steps.Single(s => Run(s).Contains("$GITHUB_STEP_SUMMARY"));
        var written = RunScript(Run(summary), "GITHUB_STEP_SUMMARY");
        Assert.AreEqual("# Card of Ci.Model\n", written, "the step appends each built model's card to the summary");
    }

    [TestMethod]
    public void GitHubAttestsTheBuildProvenanceOfThePackageAndTheImageAfterPublishing()
    {
        var steps = Steps(Map(Map(GitHub(_plain), "jobs"), "publish"));
        var publishAt = steps.FindIndex(s => Run(s).StartsWith("dotnet publish", StringComparison.Ordinal));
        var attests = steps.Select((s, i) => (Step: s, Index: i)).Where(s => Uses(s.Step).StartsWith("actions/attest-build-provenance@", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(2, attests.Count, "one attestation for the package, one for the image");
        Assert.IsTrue(attests.All(a => a.Index > publishAt), "attested after publish wrote them");

        StringAssert.EndsWith(Scalar(Map(attests[0].Step, "with"), "subject-path"), "/package/*.nupkg");
        var image = Map(attests[1].Step, "with");
        Assert.AreEqual("${{ steps.image.outputs.name }}", Scalar(image, "subject-name"));
        Assert.AreEqual("${{ steps.image.outputs.digest }}", Scalar(image, "subject-digest"));
        // The image's name and digest come from the image SBOM: the step with id 'image' reads them and sets both outputs.
        var read = steps.Single(s => Has(s, "id") && Scalar(s, "id") == "image");
        StringAssert.Contains(Run(read), "publish/sbom/image.cdx.json");
        StringAssert.Contains(Run(read), "name=$(jq -r .metadata.component.name");
        StringAssert.Contains(Run(read), "digest=$(jq -r .metadata.component.version");
        var sboms = Scalar(Map(steps.Single(s => Uses(s).StartsWith("actions/upload-artifact@", StringComparison.Ordinal)), "with"), "path");
        StringAssert.Contains(sboms, "publish/sbom/*.cdx.json");
    }

    [TestMethod]
    public void GitHubPostsTheRunComparisonOnPullRequestsFromAJobOfItsOwn()
    {
        var jobs = Map(GitHub(_plain), "jobs");
        var compare = Steps(Map(jobs, "test")).Single(s => Run(s).Contains("-t:MlOpsCompare"));
        StringAssert.Contains(Scalar(compare, "if"), "github.event_name == 'pull_request'");
        StringAssert.Contains(Run(compare), "dotnet build Ci.Model -c Release -t:MlOpsCompare");
        StringAssert.Contains(Run(compare), "-p:MlOpsCompareBaseline=\"$BASELINE\"");
        Assert.AreEqual("${{ vars.MLOPS_BASELINE_MODEL }}", Scalar(Map(compare, "env"), "BASELINE"));

        // Only the comment job may write to pull requests, with the run's own token; it posts the Markdown the test job handed over.
        var comment = Map(jobs, "comment");
        Assert.AreEqual("test", Scalar(comment, "needs"));
        StringAssert.Contains(Scalar(comment, "if"), "github.event_name == 'pull_request'");
        AssertPermissions(Map(comment, "permissions"), ("pull-requests", "write"));
        Assert.AreEqual("run-comparison", Scalar(Map(Steps(comment).Single(s => Uses(s).StartsWith("actions/download-artifact@")), "with"), "name"));
        var post = Steps(comment).Single(s => Run(s).StartsWith("gh pr comment"));
        StringAssert.Contains(Run(post), "--body-file mlops-compare.md");
        Assert.AreEqual("${{ github.token }}", Scalar(Map(post, "env"), "GH_TOKEN"));
        var handOff = Steps(Map(jobs, "test")).Single(s => Uses(s).StartsWith("actions/upload-artifact@") && Scalar(Map(s, "with"), "name") == "run-comparison");
        StringAssert.Contains(Scalar(Map(handOff, "with"), "path"), "Ci.Model/bin/Release/net10.0/mlops-compare.");
    }

    [TestMethod]
    public void GitHubWorkflowsPassTheActionsSchema()
    {
        var validator = ContainerScripts.Capture("bash", [Path.Combine(RepoPaths.Root, "eng", "action-validator.sh")], new Dictionary<string, string>());
        Assert.AreEqual(0, validator.ExitCode, validator.Output);
        var command = validator.Output.Trim().Split('\n')[^1];
        foreach (var solution in new[] { _plain, _ghcr })
        foreach (var workflow in new[] { "mlops.yml", "production.yml" })
        {
            // The validator's schema (0.6.0, the newest served) predates the `attestations` permission that
            // actions/attest-build-provenance needs; GitHubDeclaresLeastPrivilege checks that line exactly, so the
            // schema sees the workflow without it.
            var path = Path.Combine(solution.Directory, ".github", "workflows", workflow);
            var checkedCopy = Path.Combine(solution.Directory, "schema-" + workflow);
            File.WriteAllLines(checkedCopy, File.ReadAllLines(path).Where(l => l.Trim() != "attestations: write"));
            var result = ContainerScripts.Capture(command, [checkedCopy], new Dictionary<string, string>());
            Assert.AreEqual(0, result.ExitCode, $"{workflow}: {result.Output}");
        }
        // The validator can fail: a misspelt key is refused.
        var broken = Path.Combine(_plain.Directory, "broken.yml");
        File.WriteAllText(broken, _plain.Read(".github/workflows/mlops.yml").Replace("runs-on:", "runs_on:"));
        Assert.AreNotEqual(0, ContainerScripts.Capture(command, [broken], new Dictionary<string, string>()).ExitCode);
    }

    private const string FakeCommit = "0123456789abcdef0123456789abcdef01234567";

    [TestMethod]
    public void TheGitHubJobsShipTheTestedBuildWithoutTrainingItAgain()
    {
        // The workflow's own commands, run by bash as the runner would; the offline base image comes in through the
        // environment (MSBuild reads it as a property) so the commands stay exactly as written.
        var jobs = Map(GitHub(_plain), "jobs");
        var state = TempFolders.New("ci-state");
        using var registry = LocalRegistry.Start(state);
        var env = new Dictionary<string, string>
        {
            // The pull-request comparison's baseline (vars.MLOPS_BASELINE_MODEL): the tested model itself, a path as a user may give.
            ["MODEL_VERSION"] = "1.0.42", ["BASELINE"] = "bin/Release/net10.0/mlops", ["ContainerBaseImage"] = registry.PushBaseImage(), ["MlOpsMaxTrials"] = "2",
            ["MLOPS_CONTAINERS_STATE"] = state, ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_NOLOGO"] = "1",
            // The workflow's ${{ github.sha }} (a commit this test's temp folder, outside any repository, cannot have).
            ["SourceRevisionId"] = FakeCommit,
        };
        foreach (var run in Runs(Steps(Map(jobs, "test"))).Where(r => r.StartsWith("dotnet ")))
            Assert.AreEqual(0, Bash(_plain.Directory, run, env, out var testOutput), testOutput);
        StringAssert.Contains(File.ReadAllText(Path.Combine(_plain.ModelDirectory, "bin", "Release", "net10.0", "mlops-compare.md")), "against **bin/Release/net10.0/mlops**",
            "the pull-request step wrote the comparison the comment job posts");
        var model = Path.Combine(_plain.ModelDirectory, "bin", "Release", "net10.0", "mlops", "model.zip");
        var tested = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)));
        StringAssert.Contains(File.ReadAllText(Path.Combine(Path.GetDirectoryName(model)!, "manifest.json")), FakeCommit, "the lineage records the run's commit");

        // A fresh runner: the checkout, plus the test job's hand-off artifact (*/bin/Release/, */obj/) laid back in place.
        var handOff = TempFolders.New("ci-hand-off");
        foreach (var project in Directory.GetDirectories(_plain.Directory))
        {
            var name = Path.GetFileName(project);
            foreach (var part in new[] { Path.Combine("bin", "Release"), "obj" })
                if (Directory.Exists(Path.Combine(project, part)))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(handOff, name, part))!);
                    Directory.Move(Path.Combine(project, part), Path.Combine(handOff, name, part));
                }
            if (Directory.Exists(Path.Combine(project, "bin"))) Directory.Delete(Path.Combine(project, "bin"), recursive: true);
        }
        foreach (var project in Directory.GetDirectories(handOff))
            foreach (var part in Directory.GetDirectories(project))
                Directory.Move(part, Path.Combine(_plain.Directory, Path.GetFileName(project), Path.GetFileName(part)));

        var publishOutput = "";
        foreach (var run in Runs(Steps(Map(jobs, "publish"))).Where(r => r.StartsWith("dotnet ")))
            Assert.AreEqual(0, Bash(_plain.Directory, run, env, out publishOutput), publishOutput);
        Assert.IsFalse(publishOutput.Contains("MlOps: best trainer", StringComparison.Ordinal) || publishOutput.Contains("MlOps: trial", StringComparison.Ordinal),
            "publish trained again:\n" + publishOutput);
        Assert.AreEqual(tested, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))), "the tested model.zip is the one published");
        var output = Path.Combine(_plain.ModelDirectory, "bin", "Release", "net10.0");
        Assert.IsTrue(File.Exists(Path.Combine(output, "package", "Ci.Model.1.0.42.nupkg")), "the model package carries the run's version");
        StringAssert.Contains(publishOutput, "ci.model:1.0.42", "the scoring image carries the run's version");
    }

    /// <summary>One CI step's script under bash -e in the solution folder, in a runner's environment (none of the test host's MSBuild variables).</summary>
    internal static int Bash(string directory, string script, IDictionary<string, string> environment, out string output)
    {
        var start = new ProcessStartInfo("bash", ["-e", "-c", script])
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd() + stderr.Result;
        if (!process.WaitForExit(TimeSpan.FromMinutes(8))) { process.Kill(entireProcessTree: true); output += "\n(timed out)"; return -1; }
        return process.ExitCode;
    }

    // ---- Azure Pipelines ----

    [TestMethod]
    public void AzurePullRequestsTestAndOnlyMainPublishesTheTestedBuild()
    {
        var pipeline = Yaml(_plain, "azure-pipelines.yml");
        Assert.IsTrue(pipeline.Children.ContainsKey(new YamlScalarNode("pr")));
        CollectionAssert.AreEqual(new[] { "main" }, Strings(Map(Map(pipeline, "trigger"), "branches"), "include"));
        StringAssert.Contains(Scalar(pipeline, "name"), "$(Rev:r)", "the run number is the version");
        var isMain = Scalar(Map(pipeline, "variables"), "isMain");
        StringAssert.Contains(isMain, "eq(variables['Build.SourceBranch'], 'refs/heads/main')");
        StringAssert.Contains(isMain, "ne(variables['Build.Reason'], 'PullRequest')");

        var stages = Sequence(pipeline, "stages");
        var test = stages.Single(s => Scalar(s, "stage") == "test");
        var testSteps = Steps(Sequence(test, "jobs").Single());
        var testScripts = testSteps.Where(s => Has(s, "script")).Select(s => Scalar(s, "script")).ToList();
        Assert.IsFalse(testScripts.Any(s => s.Contains("dotnet publish")), "a pull request never publishes");
        StringAssert.Contains(testScripts.Single(s => s.StartsWith("dotnet build")), "-p:Version=$(Build.BuildNumber)");

        var publish = stages.Single(s => Scalar(s, "stage") == "publish");
        Assert.AreEqual("test", Scalar(publish, "dependsOn"));
        Assert.AreEqual("and(succeeded(), eq(variables.isMain, 'true'))", Scalar(publish, "condition"));
        var publishSteps = Steps(Sequence(publish, "jobs").Single());
        var publishStep = publishSteps.Single(s => Has(s, "script") && Scalar(s, "script").StartsWith("dotnet publish"));
        StringAssert.Contains(Scalar(publishStep, "script"), "--no-build");
        StringAssert.Contains(Scalar(publishStep, "script"), "-p:Version=$(Build.BuildNumber)");
        Assert.AreEqual("tested-build", Scalar(publishSteps.Single(s => Has(s, "download")), "artifact"));
        Assert.AreEqual("tested-build", Scalar(testSteps.Single(s => Has(s, "publish") && Scalar(s, "artifact") == "tested-build"), "artifact"));

        // Secrets: mapped into the publish script's environment, nowhere else.
        foreach (var (path, value) in Scalars(pipeline).Where(s => s.Value.Contains("PASSWORD") || s.Value.Contains("API_KEY") || s.Value.Contains("USERNAME")))
            StringAssert.StartsWith(path, "stages/1/jobs/0/steps/4/env/", $"{value} at {path}");
        Assert.AreEqual("$(REGISTRY_PASSWORD)", Scalar(Map(publishStep, "env"), "SDK_CONTAINER_REGISTRY_PWORD"));
        Assert.AreEqual("$(NUGET_API_KEY)", Scalar(Map(publishStep, "env"), "MLOPS_NUGET_API_KEY"));

        // Model outputs as an artifact, the model card as the run's summary tab.
        Assert.IsTrue(testSteps.Any(s => Has(s, "publish") && Scalar(s, "artifact") == "model" && Scalar(s, "condition") == "succeededOrFailed()"));
        var summary = testScripts.Single(s => s.Contains("##vso[task.uploadsummary]"));
        var output = RunScript(summary.Replace("$(System.DefaultWorkingDirectory)", "."), null);
        Assert.AreEqual("##vso[task.uploadsummary]./Ci.Model/bin/Release/net10.0/mlops/model-card.md\n", output);
    }

    // ---- GitLab ----

    [TestMethod]
    public void GitLabMergeRequestsTestAndOnlyMainPublishesTheTestedBuild()
    {
        var pipeline = Yaml(_plain, ".gitlab-ci.yml");
        var rules = Sequence(Map(pipeline, "workflow"), "rules").Select(r => Scalar(r, "if")).ToList();
        CollectionAssert.Contains(rules, "$CI_PIPELINE_SOURCE == \"merge_request_event\"");
        CollectionAssert.Contains(rules, "$CI_COMMIT_BRANCH == \"main\"");
        Assert.AreEqual("1.0.$CI_PIPELINE_IID", Scalar(Map(pipeline, "variables"), "MODEL_VERSION"));
        Assert.AreEqual("$CI_COMMIT_SHA", Scalar(Map(pipeline, "variables"), "SourceRevisionId"), "the lineage's commit is the pipeline's");

        var test = (YamlMappingNode)Map(pipeline, "test");
        var testScript = Strings(test, "script");
        Assert.IsFalse(testScript.Any(s => s.Contains("dotnet publish")), "a merge request never publishes");
        CollectionAssert.Contains(testScript, "dotnet build -c Release -p:Version=$MODEL_VERSION");
        var artifacts = Map(test, "artifacts");
        Assert.AreEqual("always", Scalar(artifacts, "when"), "the metrics of a model that failed its gates are kept too");
        CollectionAssert.IsSubsetOf(new[] { "*/bin/Release/", "*/obj/" }, Strings(artifacts, "paths"));

        var publish = (YamlMappingNode)Map(pipeline, "publish");
        CollectionAssert.AreEqual(new[] { "test" }, Strings(publish, "needs"));
        Assert.AreEqual("$CI_COMMIT_BRANCH == \"main\" && $CI_PIPELINE_SOURCE == \"push\"", Scalar(Sequence(publish, "rules").Single(), "if"));
        CollectionAssert.Contains(Strings(publish, "script"), "dotnet publish -c Release --no-build -p:Version=$MODEL_VERSION");

        var variables = Map(publish, "variables");
        Assert.AreEqual("$REGISTRY_PASSWORD", Scalar(variables, "SDK_CONTAINER_REGISTRY_PWORD"));
        Assert.AreEqual("$NUGET_API_KEY", Scalar(variables, "MLOPS_NUGET_API_KEY"));
        foreach (var (path, value) in Scalars(pipeline).Where(s => s.Value.Contains("PASSWORD") || s.Value.Contains("API_KEY") || s.Value.Contains("PWORD")))
            StringAssert.StartsWith(path, "publish/variables/", $"{value} at {path}");
    }

    // ---- helpers ----

    private static void AssertPermissions(YamlNode node, params (string Scope, string Access)[] expected) =>
        CollectionAssert.AreEquivalent(expected.Select(e => $"{e.Scope}: {e.Access}").ToList(),
            ((YamlMappingNode)node).Children.Select(c => $"{((YamlScalarNode)c.Key).Value}: {((YamlScalarNode)c.Value).Value}").ToList());

    /// <summary>
    /// Runs a CI step's shell script in a folder laid out like a built solution (one model's card under
    /// bin/Release), with <paramref name="fileVariable"/> pointing at a file; returns that file, else the script's stdout.
    /// </summary>
    private static string RunScript(string script, string? fileVariable)
    {
        var folder = TempFolders.New("ci-script");
        var mlops = Directory.CreateDirectory(Path.Combine(folder, "Ci.Model", "bin", "Release", "net10.0", "mlops")).FullName;
        File.WriteAllText(Path.Combine(mlops, "model-card.md"), "# Card of Ci.Model\n");
        Directory.CreateDirectory(Path.Combine(folder, "Ci.Model.Tests", "bin", "Release", "net10.0")); // no card: skipped
        var file = Path.Combine(folder, "summary.md");
        var start = new ProcessStartInfo("bash", ["-e", "-c", script]) { WorkingDirectory = folder, RedirectStandardOutput = true, UseShellExecute = false };
        if (fileVariable is not null) start.Environment[fileVariable] = file;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, stdout);
        return fileVariable is null ? stdout : File.ReadAllText(file);
    }

    /// <summary>Every scalar with its path (keys and sequence indexes joined by '/').</summary>
    internal static IEnumerable<(string Path, string Value)> Scalars(YamlNode node, string path = "")
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                yield return (path, scalar.Value ?? "");
                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    foreach (var s in Scalars(value, Join(path, ((YamlScalarNode)key).Value!))) yield return s;
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    foreach (var s in Scalars(sequence.Children[i], Join(path, i.ToString()))) yield return s;
                break;
        }
    }

    internal static string Join(string path, string key) => path.Length == 0 ? key : path + "/" + key;

    internal static YamlMappingNode Yaml(GeneratedSolution solution, string relativePath)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(solution.Read(relativePath)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    internal static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));
    internal static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];
    internal static List<YamlMappingNode> Sequence(YamlNode node, string key) => ((YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Children.Cast<YamlMappingNode>().ToList();
    internal static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;
    internal static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList();
    internal static List<string> Strings(YamlNode node, string key) => Strings(((YamlMappingNode)node).Children[new YamlScalarNode(key)]);
    internal static List<YamlMappingNode> Steps(YamlNode job) => Sequence(job, "steps");
    internal static string Run(YamlMappingNode step) => Has(step, "run") ? Scalar(step, "run") : "";
    internal static string Uses(YamlMappingNode step) => Has(step, "uses") ? Scalar(step, "uses") : "";
    internal static List<string> Runs(List<YamlMappingNode> steps) => steps.Where(s => Has(s, "run")).Select(Run).ToList();
}
