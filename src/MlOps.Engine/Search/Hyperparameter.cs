using System.Globalization;

namespace MlOps.Engine.Search;

/// <summary>
/// One searchable dimension, mapped to [0,1] for the search: log scale for rates, counts and
/// regularization (their useful values span orders of magnitude), linear otherwise; a choice splits
/// [0,1] into equal bins. <see cref="Initial"/> is the low-cost starting value.
/// </summary>
internal sealed record Hyperparameter(string Name, double Min, double Max, double Initial, bool Log = false, bool Integer = false, string[]? Choices = null)
{
    public static Hyperparameter Choice(string name, string[] choices, int initial = 0) =>
        new(name, 0, choices.Length - 1, initial, Integer: true, Choices: choices);

    public double Decode(double u)
    {
        u = Math.Clamp(u, 0, 1);
        if (Choices is not null) return Math.Min(Choices.Length - 1, (int)Math.Floor(u * Choices.Length));
        var v = Log ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
        return Integer ? Math.Clamp(Math.Round(v), Min, Max) : v;
    }

    public double Encode(double value)
    {
        if (Choices is not null) return (value + 0.5) / Choices.Length;
        var u = Log ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : (value - Min) / (Max - Min);
        return Math.Clamp(u, 0, 1);
    }

    /// <summary>This dimension fixed at <paramref name="value"/>: a range of width 0 decodes to exactly that value from any point.</summary>
    public Hyperparameter Pin(double value) => new(Name, value, value, value, Log: false, Integer: Integer);

    public string Format(double value) => Choices is not null ? Choices[(int)value]
        : Integer ? ((long)value).ToString(CultureInfo.InvariantCulture)
        : value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>A decoded configuration: hyperparameter name -> value (choices as their index).</summary>
internal sealed class Configuration(IReadOnlyList<Hyperparameter> space, double[] point)
{
    public double[] Point { get; } = point;
    public IReadOnlyList<Hyperparameter> Space { get; } = space;

    public double this[string name]
    {
        get
        {
            for (var i = 0; i < Space.Count; i++)
                if (Space[i].Name == name) return Space[i].Decode(Point[i]);
            throw new KeyNotFoundException(name);
        }
    }

    public bool Has(string name) => Space.Any(p => p.Name == name);

    /// <summary>The same configuration with <paramref name="name"/> pinned to <paramref name="value"/> (<see cref="Hyperparameter.Pin"/>, as a replayed recipe pins it).</summary>
    public Configuration With(string name, double value)
    {
        var i = Space.ToList().FindIndex(p => p.Name == name);
        if (i < 0) throw new KeyNotFoundException(name);
        var space = Space.ToArray();
        space[i] = space[i].Pin(value);
        return new Configuration(space, Point.ToArray());
    }

    public int Int(string name) => (int)this[name];
    public float Float(string name) => (float)this[name];

    public IReadOnlyDictionary<string, string> Describe()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Space.Count; i++) result[Space[i].Name] = Space[i].Format(Space[i].Decode(Point[i]));
        return result;
    }

    /// <summary>Identity of the decoded values, so the search never evaluates the same configuration twice.</summary>
    public string Key => string.Join(";", Describe().Select(kv => kv.Key + "=" + kv.Value));
}
