namespace MlOps.Core.Data;

/// <summary>How to read a delimited file; null means "detect".</summary>
public sealed record CsvOptions(char? Separator = null, bool? HasHeader = null, CsvQuoting Quoting = CsvQuoting.Auto);

/// <summary>
/// Whether '"' starts a quoted field (MlOpsQuoting). IANA text/tab-separated-values has no quoting, and TSV files
/// such as quote collections hold fields like `"…" -- Author`, so with Auto a tab separator reads quotes as text
/// while every other separator follows RFC 4180.
/// </summary>
public enum CsvQuoting
{
    Auto,
    Rfc4180,
    None,
}

public static class CsvQuotingRule
{
    /// <summary>The one place that decides whether quotes delimit fields for a separator.</summary>
    public static bool QuotesFields(this CsvQuoting quoting, char separator) => quoting switch
    {
        CsvQuoting.Rfc4180 => true,
        CsvQuoting.None => false,
        _ => separator != '\t',
    };
}
