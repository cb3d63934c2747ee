using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Cards;

namespace MlOps.Tool.Tests;

/// <summary>The project's owners, license and contact on the card, and model-card.json, the card's machine-readable front matter.</summary>
[TestClass]
public sealed class ModelCardMetadataTests
{
    [TestMethod]
    public void OwnersLicenseContactAndCopyrightAreOnTheCardsAndInItsJson()
    {
        using var temp = new TempDir();
        var input = CardSamples.For(MlTask.Regression) with { Owners = "Pricing team", License = "MIT", Contact = "https://example.com/homes", Copyright = "© 2026 Homes Inc." };

        ModelCardFiles.Write(temp.Root, input);

        var markdown = File.ReadAllText(Path.Combine(temp.Root, ModelCardFiles.Markdown));
        StringAssert.Contains(markdown, "- **Owners:** Pricing team");
        StringAssert.Contains(markdown, "- **License:** MIT");
        StringAssert.Contains(markdown, "- **Copyright:** © 2026 Homes Inc.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(temp.Root, ModelCardFiles.Html)), "https://example.com/homes");
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Root, ModelCardFiles.Json))).RootElement;
        Assert.AreEqual(1, json.GetProperty("formatVersion").GetInt32());
        Assert.AreEqual((input.Name, input.Version), (json.GetProperty("name").GetString(), json.GetProperty("version").GetString()));
        Assert.AreEqual(("Pricing team", "MIT", "https://example.com/homes", "© 2026 Homes Inc."),
            (json.GetProperty("owners").GetString(), json.GetProperty("license").GetString(), json.GetProperty("contact").GetString(), json.GetProperty("copyright").GetString()));
        Assert.AreEqual(input.Manifest.ModelSha256, json.GetProperty("modelSha256").GetString());
        Assert.AreEqual(input.Manifest.BestTrainer.Trainer, json.GetProperty("trainer").GetString());
        Assert.AreEqual(input.Manifest.FinishedUtc, json.GetProperty("created").GetDateTimeOffset());
    }

    [TestMethod]
    public void WithoutProjectMetadataTheCardSaysNothingOfIt()
    {
        var markdown = MarkdownCard.Render(CardSamples.For(MlTask.Regression));
        Assert.IsFalse(markdown.Contains("**Owners:**", StringComparison.Ordinal) || markdown.Contains("**License:**", StringComparison.Ordinal), markdown);
    }
}
