using System.Text;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Cards;

/// <summary>model-card.md: the card as plain GitHub-flavoured Markdown (tables, no HTML), readable as a nuget.org readme.</summary>
public static class MarkdownCard
{
    public static string Render(ModelCardInput input)
    {
        var card = CardContent.From(input);
        var md = new StringBuilder();
        md.Append("# Model card: ").AppendLine(Markdown(card.Title)).AppendLine();
        md.AppendLine(Markdown(card.Summary)).AppendLine();

        md.AppendLine("## Intended use").AppendLine();
        md.AppendLine(Markdown(card.Description)).AppendLine();
        md.AppendLine("## Limitations").AppendLine();
        foreach (var limitation in card.Limitations) md.Append("- ").AppendLine(Markdown(limitation));
        md.AppendLine();

        md.AppendLine("## Metrics").AppendLine();
        Table(md, card.Metrics);
        md.Append("Test rows: ").AppendLine(Markdown(card.TestSource)).AppendLine();
        if (card.ConfusionMatrix is { } confusion)
        {
            md.AppendLine("### Confusion matrix").AppendLine();
            Table(md, confusion);
        }
        if (card.EvaluationSummary is { } evaluation) md.AppendLine(Markdown(evaluation)).AppendLine();

        md.AppendLine("## Feature importance").AppendLine();
        if (card.Importance.Rows.Count > 0) Table(md, card.Importance);
        md.AppendLine(Markdown(card.ImportanceMethod)).AppendLine();

        md.AppendLine("## Data profile").AppendLine();
        Table(md, card.Profile);

        md.AppendLine("## Lineage").AppendLine();
        foreach (var (key, value) in card.Lineage) md.Append("- **").Append(Markdown(key)).Append(":** ").AppendLine(Markdown(value));
        return md.ToString().ReplaceLineEndings("\n");
    }

    internal static void Table(StringBuilder md, CardTable table)
    {
        md.Append("| ").AppendJoin(" | ", table.Header.Select(Markdown)).AppendLine(" |");
        md.Append('|').AppendJoin("", table.Header.Select(_ => " --- |")).AppendLine();
        foreach (var row in table.Rows) md.Append("| ").AppendJoin(" | ", row.Select(Markdown)).AppendLine(" |");
        md.AppendLine();
    }
}
