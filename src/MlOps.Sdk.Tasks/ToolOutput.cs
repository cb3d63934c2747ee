namespace MlOps.Sdk.Tasks;

/// <summary>
/// The line protocol between the MlOps tool (writer) and the <see cref="MlOpsTool"/> task (reader), on the tool's
/// standard output. Compiled into both, so the two sides cannot drift apart. A plain line is a build message at high
/// importance, and a canonical <c>file(line): error MLOPSnnnn: text</c> line is a real error or warning, as before;
/// a line that starts with one of the markers below is a progress event the task turns into the event that each
/// MSBuild logger shows best (README "What the build shows").
/// </summary>
internal static class ToolOutput
{
    /// <summary><c>@mlops:status\tINDICATOR\tLIVE\tTEXT</c>: a live status (the terminal logger's status line) that the console logger prints as TEXT.</summary>
    public const string Status = "@mlops:status";

    /// <summary><c>@mlops:detail\tTEXT</c>: a line only detailed verbosity shows (e.g. every trial of a long search).</summary>
    public const string Detail = "@mlops:detail";

    /// <summary><c>@mlops:summary\tTEXT</c>: the line the user must see at the end, whatever the logger and verbosity.</summary>
    public const string Summary = "@mlops:summary";

    private const char Separator = '\t';

    public static string FormatStatus(string indicator, string live, string text) =>
        string.Join(Separator, Status, Clean(indicator), Clean(live), Clean(text));

    public static string FormatDetail(string text) => string.Join(Separator, Detail, Clean(text));

    public static string FormatSummary(string text) => string.Join(Separator, Summary, Clean(text));

    /// <summary>Splits a marked line into its kind and fields; false for a plain line.</summary>
    public static bool TryParse(string line, out string kind, out string[] fields)
    {
        kind = "";
        fields = [];
        if (!line.StartsWith("@mlops:", StringComparison.Ordinal)) return false;
        var parts = line.Split(Separator);
        var expected = parts[0] switch { Status => 4, Detail or Summary => 2, _ => 0 };
        if (parts.Length != expected) return false;
        kind = parts[0];
        fields = parts[1..];
        return true;
    }

    // A field never holds the separator or a line break, or the line would split.
    private static string Clean(string field) => field.Replace(Separator, ' ').Replace('\r', ' ').Replace('\n', ' ');
}
