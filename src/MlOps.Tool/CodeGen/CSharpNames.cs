using System.Globalization;
using System.Text;

namespace MlOps.Tool.CodeGen;

/// <summary>
/// C# identifiers from column names: PascalCase words of letters and digits, everything else a word break.
/// Only the name (and, for collisions, the names before it) decide the result, so the API is stable across builds.
/// Characters outside the BMP are breaks too: the compiler accepts only UTF-16 letters in identifiers.
/// </summary>
public static class CSharpNames
{
    // The reserved keywords (contextual ones such as `var` or `record` are valid identifiers).
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong",
        "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Members every class inherits from object: a property with one of these names would hide it.</summary>
    public static readonly IReadOnlyList<string> ObjectMembers =
        ["Equals", "Finalize", "GetHashCode", "GetType", "MemberwiseClone", "ReferenceEquals", "ToString"];

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>A plain (non-@) identifier the compiler accepts: letter or _ first, then letters, digits, marks, _.</summary>
    public static bool IsValidIdentifier(string name) =>
        name.Length > 0 && !IsKeyword(name) && IsStart(name[0]) && name.All(IsPart);

    /// <summary>
    /// PascalCase identifier of a column name: "monthly charges" → MonthlyCharges, "2nd-value" → _2ndValue.
    /// Null when the name holds no letter or digit at all.
    /// </summary>
    public static string? ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var wordStart = true;
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (!IsWordChar(c))
            {
                wordStart = true;
                continue;
            }
            builder.Append(wordStart ? char.ToUpperInvariant(c) : c);
            wordStart = false;
        }
        if (builder.Length == 0) return null;
        // Keywords are all lower case, so a PascalCase name is never one.
        if (!IsStart(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>
    /// One distinct property name per column, in column order. A name already taken (by an earlier column or a
    /// reserved name) gets the first free suffix _2, _3, … Derived names hold no _ after their first character,
    /// so a suffixed name can never be one that a later column derives on its own: earlier names never change
    /// when a column is added at the end. Names with no letter or digit become Column{position}.
    /// </summary>
    public static IReadOnlyList<string> UniqueNames(IReadOnlyList<string> columns, IEnumerable<string> reserved)
    {
        var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
        var names = new List<string>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var name = ToPascalCase(columns[i]) ?? $"Column{i + 1}";
            var chosen = name;
            for (var n = 2; taken.Contains(chosen); n++) chosen = $"{name}_{n}";
            taken.Add(chosen);
            names.Add(chosen);
        }
        return names;
    }

    /// <summary>A dotted namespace with each segment made an identifier (invalid characters become _).</summary>
    public static string ToNamespace(string name)
    {
        var segments = name.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(segment =>
            {
                var chars = segment.Normalize(NormalizationForm.FormC).Select(c => IsPart(c) ? c : '_').ToArray();
                var id = new string(chars);
                if (!IsStart(id[0])) id = "_" + id;
                return IsKeyword(id) ? "@" + id : id;
            })
            .ToList();
        return segments.Count == 0 ? "MlOps" : string.Join('.', segments);
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsStart(char c) => c == '_' || char.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;

    private static bool IsPart(char c) => IsWordChar(c) || char.GetUnicodeCategory(c) == UnicodeCategory.ConnectorPunctuation;
}
