using System.Text;
using MlOps.Tool.Cards;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Compare;

/// <summary>
/// compare.md: the short version for a CI job summary ($GITHUB_STEP_SUMMARY) and a pull-request comment: the verdict,
/// the metric deltas, and only what changed in data, hyperparameters, featurization and importance.
/// </summary>
public static class MarkdownComparison
{
    /// <summary>The comment's first line: the GitHub template finds its earlier comment by it, to update rather than add one.</summary>
    public const string Heading = "### MlOps run comparison";

    public static string Render(Comparison comparison)
    {
        var md = new StringBuilder();
        md.AppendLine(Heading).AppendLine();
        md.Append("**").Append(Markdown(comparison.Current.Name)).Append("** against **").Append(Markdown(comparison.Baseline.Name))
            .Append("**: ").AppendLine(Markdown(comparison.Verdict)).AppendLine();
        MarkdownCard.Table(md, comparison.Metrics);
        Changed(md, "Data", Only(comparison.Data, r => r[5] != "unchanged"));
        Changed(md, "Hyperparameters", Only(comparison.Hyperparameters, r => r[3] == "yes"));
        Changed(md, "Featurization", comparison.Featurization);
        Changed(md, "Feature columns", comparison.Columns);
        Changed(md, "Largest importance shifts", new CardTable(comparison.Importance.Header, comparison.Importance.Rows.Take(5).ToList()));
        return md.ToString().ReplaceLineEndings("\n");
    }

    private static CardTable Only(CardTable table, Func<IReadOnlyList<string>, bool> keep) => new(table.Header, table.Rows.Where(keep).ToList());

    private static void Changed(StringBuilder md, string title, CardTable table)
    {
        if (table.Rows.Count == 0) return;
        md.Append("**").Append(title).AppendLine("**").AppendLine();
        MarkdownCard.Table(md, table);
    }
}
