using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Tests.Registry;

/// <summary>
/// promote and rollback through the tool's command table against the real loopback registry (token auth, the SDK
/// login from the environment): the tags are read back from the registry and compared by digest.
/// </summary>
[TestClass]
public sealed class PromoteRollbackTests
{
    private const string User = "pusher";
    private const string Secret = "promote-s3cret";
    private static TokenRegistry _registry = null!;
    private static int _next;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        _registry = new TokenRegistry();
        _registry.Tokens.Users[User] = Secret;
    }

    [ClassCleanup]
    public static void Stop() => _registry.Dispose();

    /// <summary>Fresh repositories per test, and clients to publish into and read them.</summary>
    private sealed class Fixture : IDisposable
    {
        public readonly TempDir Dir = new();
        public readonly RegistryEnvironment Environment = new(User, Secret);
        public readonly string Image, Model;
        public readonly RegistryClient ImageClient, ModelClient;

        public Fixture()
        {
            var n = Interlocked.Increment(ref _next);
            Image = $"{_registry.Address}/apps/house{n}";
            Model = $"{_registry.Address}/models/house{n}";
            ImageClient = RegistryClient.Open(Parse(Image), push: true, [_registry.Address]);
            ModelClient = RegistryClient.Open(Parse(Model), push: true, [_registry.Address]);
        }

        public Task<TestImage.Published> Publish(string version, string? imageModel = null) =>
            TestImage.PublishAsync(ImageClient, ModelClient, Dir, version, $"model {version}", imageModel is null ? null : $"model {imageModel}");

        public Task<ToolRun.Result> Run(string command, string version, bool image = true, bool model = true) =>
            ToolRun.Command(command, Dir, [$"ProjectFile={Dir.Write("House.csproj", "<Project />")}", $"ImageRepository={(image ? Image : "")}",
                $"ImageTag={version}", $"ModelRepository={(model ? Model : "")}", "ModelTag=", $"Version={version}"]);

        /// <summary>What the tag names in the image and the artifact repository, read from the registry.</summary>
        public async Task<(string? Image, string? Model)> Tag(string tag) =>
            ((await ImageClient.ResolveAsync(tag, CancellationToken.None))?.Digest, (await ModelClient.ResolveAsync(tag, CancellationToken.None))?.Digest);

        public void Dispose()
        {
            ImageClient.Dispose();
            ModelClient.Dispose();
            Environment.Dispose();
            Dir.Dispose();
        }
    }

    private static OciReference Parse(string text) => OciReference.TryParse(text, false, out var r, out _) ? r! : throw new ArgumentException(text);

    [TestMethod]
    public async Task PromoteMovesStagingThenProductionAndKeepsTheReplacedProductionAndRepeatsHarmlessly()
    {
        using var f = new Fixture();
        var v1 = await f.Publish("1.0.0");
        var first = await f.Run("promote", "1.0.0");
        Assert.AreEqual(0, first.Exit, first.Log);
        Assert.AreEqual((v1.ImageDigest, v1.ArtifactDigest), await f.Tag("production"));
        Assert.AreEqual((v1.ImageDigest, v1.ArtifactDigest), await f.Tag("staging"));
        Assert.AreEqual((null, null), await f.Tag("production-previous"), "no production before: nothing to keep");
        StringAssert.Contains(first.Log, $"MlOps: {f.Image}: production (none) -> {OciDigest.Hex(v1.ImageDigest)[..12]} (verified)");

        var v2 = await f.Publish("1.1.0");
        var second = await f.Run("promote", "1.1.0");
        Assert.AreEqual(0, second.Exit, second.Log);
        Assert.AreEqual((v2.ImageDigest, v2.ArtifactDigest), await f.Tag("production"));
        Assert.AreEqual((v2.ImageDigest, v2.ArtifactDigest), await f.Tag("staging"));
        Assert.AreEqual((v1.ImageDigest, v1.ArtifactDigest), await f.Tag("production-previous"));
        StringAssert.Contains(second.Log, $"MlOps: {f.Model}: production {OciDigest.Hex(v1.ArtifactDigest)[..12]} -> {OciDigest.Hex(v2.ArtifactDigest)[..12]} (verified)");
        Assert.IsTrue(second.Log.IndexOf("staging", StringComparison.Ordinal) < second.Log.IndexOf(": production ", StringComparison.Ordinal), "staging moves before production\n" + second.Log);

        var again = await f.Run("promote", "1.1.0");
        Assert.AreEqual(0, again.Exit, again.Log);
        Assert.AreEqual((v2.ImageDigest, v2.ArtifactDigest), await f.Tag("production"));
        Assert.AreEqual((v1.ImageDigest, v1.ArtifactDigest), await f.Tag("production-previous"), "a repeat keeps the real previous, not itself");
        Assert.IsFalse(again.Log.Contains("production-previous"), again.Log);
    }

    [TestMethod]
    public async Task RollbackPutsProductionBackOnThePreviousDigestInBothRepositories()
    {
        using var f = new Fixture();
        var v1 = await f.Publish("1.0.0");
        Assert.AreEqual(0, (await f.Run("promote", "1.0.0")).Exit);
        var early = await f.Run("rollback", "1.0.0");
        Assert.AreEqual(1, early.Exit);
        StringAssert.Contains(early.Log, "error MLOPS5052");
        StringAssert.Contains(early.Log, "production-previous");

        var v2 = await f.Publish("2.0.0");
        Assert.AreEqual(0, (await f.Run("promote", "2.0.0")).Exit);
        Assert.AreEqual((v2.ImageDigest, v2.ArtifactDigest), await f.Tag("production"));

        var rollback = await f.Run("rollback", "2.0.0");
        Assert.AreEqual(0, rollback.Exit, rollback.Log);
        Assert.AreEqual((v1.ImageDigest, v1.ArtifactDigest), await f.Tag("production"));
        StringAssert.Contains(rollback.Log, $"MlOps: {f.Image}: production {OciDigest.Hex(v2.ImageDigest)[..12]} -> {OciDigest.Hex(v1.ImageDigest)[..12]} (verified)");
        Assert.AreEqual(0, (await f.Run("rollback", "2.0.0")).Exit, "a repeat is harmless");
        Assert.AreEqual((v1.ImageDigest, v1.ArtifactDigest), await f.Tag("production"));
    }

    [TestMethod]
    public async Task AnImageOfAnotherModelIsRefusedAndNothingMoves()
    {
        using var f = new Fixture();
        await f.Publish("1.0.0", imageModel: "something else");

        var run = await f.Run("promote", "1.0.0");

        Assert.AreEqual(1, run.Exit);
        StringAssert.Contains(run.Log, "error MLOPS5051");
        StringAssert.Contains(run.Log, "The image and the model artifact hold different models");
        Assert.AreEqual((null, null), await f.Tag("staging"));
        Assert.AreEqual((null, null), await f.Tag("production"));
    }

    [TestMethod]
    public async Task OneRepositoryAloneMovesAloneAndNoneIsAnError()
    {
        using var f = new Fixture();
        var v1 = await f.Publish("1.0.0");

        var run = await f.Run("promote", "1.0.0", image: false);
        Assert.AreEqual(0, run.Exit, run.Log);
        Assert.AreEqual((null, v1.ArtifactDigest), await f.Tag("production"));

        var none = await f.Run("promote", "1.0.0", image: false, model: false);
        Assert.AreEqual(1, none.Exit);
        StringAssert.Contains(none.Log, "error MLOPS5050");
        Assert.IsFalse(none.Log.Contains(Secret));
    }
}
