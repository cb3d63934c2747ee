using MlOps.Core.Features;

namespace MlOps.Core.Data;

/// <summary>
/// Stores a column's cells as they stream in, in the most compact form that keeps every cell's exact text: codes while
/// there are few distinct values; past that, float32 when the values are numbers whose floats, written shortest or with
/// fixed decimals, reproduce their text (a few other cells kept as exceptions); strings otherwise. A form is left only for a later one, never re-entered.
/// </summary>
/// <param name="maxCategories">Distinct values kept as codes before the column moves on (tests lower it to try the other forms).</param>
public sealed class ColumnBuilder(int maxCategories = ColumnBuilder.MaxCategories)
{
    /// <summary>Distinct values a category column may hold (codes are 16-bit).</summary>
    public const int MaxCategories = 4096;
    /// <summary>Cells a number column keeps as text before it becomes a string column: at least this many ...</summary>
    private const int MinExceptions = 1024;
    /// <summary>... or this share of its rows.</summary>
    private const int RowsPerException = 64;

    // Category form: codes into distinct values (0 = missing), each value's number and the form that writes it (-1: none).
    private List<ushort>? _codes = [];
    private readonly List<string?> _values = [null];
    private readonly List<float> _numbers = [float.NaN];
    private readonly List<int> _forms = [-1];
    private readonly Dictionary<string, ushort> _codeOf = new(StringComparer.Ordinal);
    // Number form; _floatForms stays null while every number is written shortest.
    private List<float>? _floats;
    private List<byte>? _floatForms;
    private Dictionary<int, string>? _exceptions;
    // String form.
    private List<string?>? _strings;

    public int Count { get; private set; }

    public void Add(string? cell) => Add(cell.AsSpan());

    /// <summary>Adds the next row's cell; an empty text is a missing cell.</summary>
    public void Add(ReadOnlySpan<char> text)
    {
        if (_codes is not null && !TryAddCode(text)) LeaveCategories();
        if (_floats is not null) AddNumber(text);
        else if (_strings is not null) _strings.Add(text.IsEmpty ? null : new string(text));
        Count++;
    }

    public DataColumn Build() =>
        _codes is not null ? new CategoryColumn([.. _codes], [.. _values], [.. _numbers])
        : _floats is not null ? new NumberColumn([.. _floats], _floatForms?.ToArray(), _exceptions!)
        : new StringColumn([.. _strings!]);

    private bool TryAddCode(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) { _codes!.Add(0); return true; }
        var lookup = _codeOf.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var code)) { _codes!.Add(code); return true; }
        if (_values.Count > maxCategories) return false;
        var value = new string(text);
        var number = NumericRule.Number(text);
        code = (ushort)_values.Count;
        _codeOf[value] = code;
        _values.Add(value);
        _numbers.Add(number);
        _forms.Add(NumberColumn.FormOf(number, text));
        _codes!.Add(code);
        return true;
    }

    /// <summary>Too many distinct values: rewrites the rows so far as numbers when that keeps exceptions few, else as strings.</summary>
    private void LeaveCategories()
    {
        var codes = _codes!;
        _codes = null;
        var inexact = 0;
        foreach (var code in codes)
            if (code != 0 && _forms[code] < 0) inexact++;
        if (inexact <= ExceptionLimit(codes.Count))
        {
            _floats = new List<float>(codes.Count * 2);
            _exceptions = [];
            for (var r = 0; r < codes.Count; r++)
            {
                var code = codes[r];
                _floats.Add(_numbers[code]);
                var form = _forms[code];
                if (code != 0 && form < 0) _exceptions[r] = _values[code]!;
                SetForm(r, form > 0 ? (byte)form : NumberColumn.Shortest);
            }
        }
        else _strings = new List<string?>(codes.Count * 2);
        if (_strings is not null) foreach (var code in codes) _strings.Add(_values[code]);
        _codeOf.Clear();
    }

    private void AddNumber(ReadOnlySpan<char> text)
    {
        var number = NumericRule.Number(text);
        _floats!.Add(number);
        var form = text.IsEmpty ? NumberColumn.Shortest : NumberColumn.FormOf(number, text);
        SetForm(_floats.Count - 1, form > 0 ? (byte)form : NumberColumn.Shortest);
        if (form >= 0) return;
        _exceptions![_floats.Count - 1] = new string(text);
        if (_exceptions.Count > ExceptionLimit(_floats.Count)) LeaveNumbers();
    }

    /// <summary>Too many cells a float does not reproduce: rewrites the rows so far as strings.</summary>
    private void LeaveNumbers()
    {
        var column = new NumberColumn([.. _floats!], _floatForms?.ToArray(), _exceptions!);
        _strings = new List<string?>(column.Count * 2);
        for (var r = 0; r < column.Count; r++) _strings.Add(column[r]);
        (_floats, _floatForms, _exceptions) = (null, null, null);
    }

    /// <summary>Records row <paramref name="row"/>'s form (rows are set in order); the list starts at the first row not written shortest.</summary>
    private void SetForm(int row, byte form)
    {
        if (_floatForms is null)
        {
            if (form == NumberColumn.Shortest) return;
            _floatForms = new List<byte>(Math.Max(16, row * 2));
            for (var r = 0; r < row; r++) _floatForms.Add(NumberColumn.Shortest);
        }
        _floatForms.Add(form);
    }

    private static int ExceptionLimit(int rows) => Math.Max(MinExceptions, rows / RowsPerException);
}
