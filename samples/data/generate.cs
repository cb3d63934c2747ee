// Deterministic generator for the MlOps.Sdk sample datasets.
// Every row is synthetic: produced here from a fixed-seed PRNG, never copied from third-party data.
//
//   dotnet run samples/data/generate.cs -- <output-folder>
//
// Writes churn-, tickets- and house-prices-{train,test}.csv (80/20 split) into <output-folder>.
// Output is byte-identical on every run: fixed seeds, invariant culture, UTF-8 without BOM, '\n' line endings.

using System.Globalization;
using System.Text;

var outDir = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
Directory.CreateDirectory(outDir);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Write(outDir, "churn", Churn(new Rng(1001), 1500));
Write(outDir, "tickets", Tickets(new Rng(2002), 1200));
Write(outDir, "house-prices", Houses(new Rng(3003), 2000));

// ---------------------------------------------------------------- churn (binary classification)

static Table Churn(Rng r, int n)
{
    string[] contracts = ["Month-to-month", "One year", "Two year"];
    string[] payments = ["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"];
    double[] paymentEffect = [0.5, 0.1, -0.3, -0.3];
    double[] regionEffect = [0, 0.1, 0.5, -0.4, 0.0, 0.6, -0.2]; // index 1..6; categorical, not monotone
    string[] negative = ["cancel", "expensive", "slow", "outage", "refund", "frustrated", "leaving", "competitor",
        "overcharged", "dropped", "unacceptable", "again", "worst", "price"];
    string[] positive = ["thanks", "great", "resolved", "helpful", "quick", "happy", "works", "appreciate",
        "excellent", "fixed", "friendly", "upgrade"];
    string[] neutral = ["the", "my", "internet", "bill", "service", "router", "account", "please", "today",
        "connection", "plan", "question", "about", "is", "with", "phone", "tv"];

    var t = new Table("CustomerId", "TenureMonths", "MonthlyCharges", "Contract", "PaymentMethod", "SupportCalls",
        "HasPartner", "Region", "LastTicketText", "Churned");
    foreach (var id in r.UniqueIds(n, 1, 999999))
    {
        int tenure = r.Bool(0.25) ? r.Int(0, 6) : r.Int(1, 72);
        int contract = r.Weighted(tenure < 12 ? [0.8, 0.15, 0.05] : tenure < 36 ? [0.5, 0.3, 0.2] : [0.3, 0.3, 0.4]);
        double charges = Math.Clamp(r.Normal(68, 28), 18.5, 119.9);
        int payment = r.Int(0, 3);
        double unhappy = r.Normal(0, 1); // latent dissatisfaction, visible only through the ticket text
        int calls = r.Poisson(1.2 + Math.Max(0, unhappy));
        bool partner = r.Bool(0.48);
        int region = r.Int(1, 6);

        double logit = -0.4 - 0.035 * tenure - 1.1 * contract + 0.02 * (charges - 68) + 0.25 * calls
            + 0.9 * unhappy + paymentEffect[payment] + regionEffect[region] - 0.4 * (partner ? 1 : 0);
        bool churned = r.Bool(Sigmoid(logit));

        string text = "";
        if (!r.Bool(0.2))
        {
            // The ticket's tone follows the latent dissatisfaction, with noise; tone words mix with neutral ones.
            double tone = unhappy + r.Normal(0, 0.6);
            string[] toneWords = tone > 0.3 ? negative : tone < -0.3 ? positive : r.Pick([negative, positive]);
            text = r.Sentence(3, 12, () => r.Bool(0.4) ? r.Pick(toneWords) : r.Pick(neutral), commaChance: 0.1);
        }
        string chargesCell = r.Bool(0.05) ? "" : Num(charges, "0.00");
        t.Add($"C{id:D6}", Num(tenure), chargesCell, contracts[contract], payments[payment], Num(calls),
            Bool(partner), Num(region), text, Bool(churned));
    }
    return t;
}

// ---------------------------------------------------------------- tickets (multiclass classification)

static Table Tickets(Rng r, int n)
{
    string[] classes = ["Billing", "Technical", "Account", "Shipping"];
    string[][] vocab =
    [
        ["invoice", "charge", "refund", "payment", "billed", "twice", "overcharged", "credit", "card", "receipt", "fee", "subscription"],
        ["error", "crash", "login", "app", "bug", "slow", "install", "update", "screen", "sync", "timeout", "broken"],
        ["password", "email", "username", "profile", "delete", "account", "verify", "settings", "locked", "address", "name", "close"],
        ["delivery", "package", "tracking", "shipped", "late", "courier", "damaged", "arrived", "order", "lost", "return", "box"],
    ];
    string[] filler = ["help", "please", "urgent", "my", "the", "not", "issue", "problem", "with", "need", "again", "question", "still", "can't"];
    string[] channels = ["Email", "Phone", "Chat", "Web"];
    double[][] channelWeights = [[0.4, 0.3, 0.15, 0.15], [0.15, 0.25, 0.4, 0.2], [0.3, 0.2, 0.2, 0.3], [0.25, 0.15, 0.15, 0.45]];
    string[] priorities = ["Low", "Medium", "High"];
    double[][] priorityWeights = [[0.3, 0.5, 0.2], [0.2, 0.4, 0.4], [0.45, 0.4, 0.15], [0.3, 0.45, 0.25]];
    double[] meanAttachments = [0.9, 1.1, 0.2, 0.6];

    var t = new Table("TicketId", "Subject", "Channel", "Priority", "CustomerAgeDays", "Attachments", "Category");
    foreach (var id in r.UniqueIds(n, 10000, 99999))
    {
        int c = r.Weighted([0.3, 0.35, 0.2, 0.15]);
        string subject = r.Sentence(3, 8, () =>
        {
            double u = r.Double();
            return u < 0.5 ? r.Pick(vocab[c]) : u < 0.82 ? r.Pick(filler) : r.Pick(vocab[r.Int(0, 3)]);
        }, commaChance: 0.08);
        subject = char.ToUpperInvariant(subject[0]) + subject[1..];
        // New customers raise account questions; long-standing ones mostly billing.
        double age = Math.Exp(r.Normal(c == 2 ? 4.5 : c == 0 ? 6.4 : 5.8, 1.0));
        string ageCell = r.Bool(0.06) ? "" : Num((int)Math.Clamp(age, 1, 4000));
        t.Add($"T{id:D5}", subject, channels[r.Weighted(channelWeights[c])], priorities[r.Weighted(priorityWeights[c])],
            ageCell, Num(Math.Min(3, r.Poisson(meanAttachments[c]))), classes[c]);
    }
    return t;
}

// ---------------------------------------------------------------- house prices (regression, Price in thousands)

static Table Houses(Rng r, int n)
{
    string[] hoods = ["Harbor View", "Maple Heights", "Riverside", "Old Town", "Cedar Park", "Millbrook", "Eastgate", "Northfield"];
    double[] hoodMultiplier = [1.65, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7];
    string[] good = ["renovated", "updated kitchen", "spacious", "hardwood floors", "new roof", "bright", "quiet street", "granite"];
    string[] bad = ["needs work", "fixer-upper", "as-is", "dated", "small yard", "busy road", "original fixtures"];
    string[] plain = ["charming", "home", "with", "family", "room", "close to", "schools", "park", "cozy", "large", "backyard",
        "and", "a", "great", "location", "porch", "views", "of"];

    var t = new Table("ListingId", "SquareFeet", "Bedrooms", "Bathrooms", "YearBuilt", "Neighborhood", "HasGarage",
        "LotSize", "Description", "Price");
    foreach (var id in r.UniqueIds(n, 100000, 999999))
    {
        int hood = r.Int(0, hoods.Length - 1);
        int sqft = (int)Math.Clamp(Math.Exp(r.Normal(7.45 + 0.15 * (hoodMultiplier[hood] - 1), 0.33)), 520, 5200);
        int beds = Math.Clamp((int)Math.Round(sqft / 650.0 + r.Normal(0.3, 0.6)), 1, 6);
        double baths = Math.Clamp(Math.Round((beds * 0.6 + r.Normal(0.3, 0.4)) * 2) / 2, 1, 4.5);
        int year = Math.Clamp((int)Math.Round(hood == 3 ? r.Normal(1935, 20) : r.Normal(1985, 22)), 1900, 2024);
        bool garage = r.Bool(year > 1970 ? 0.8 : 0.45);
        double lot = Math.Clamp(Math.Exp(r.Normal(-1.6 + (hood == 7 ? 0.8 : 0), 0.6)), 0.04, 3.0);
        double condition = r.Normal(0, 1); // latent; shows up only in the description words
        string desc = r.Sentence(4, 12, () =>
        {
            double u = r.Double();
            return u < 0.2 * Sigmoid(2 * condition) ? r.Pick(good) : u > 1 - 0.2 * Sigmoid(-2 * condition) ? r.Pick(bad) : r.Pick(plain);
        }, commaChance: 0.12);

        // Nonlinear: neighborhood scales the value of size; age depreciates then recovers (historic homes).
        int age = 2024 - year;
        double ageFactor = 1.12 - 0.006 * age + 0.000045 * age * age;
        double price = hoodMultiplier[hood] * (40 + 0.14 * sqft + (sqft > 3000 ? 0.05 * (sqft - 3000) : 0))
            * ageFactor * (1 + 0.12 * condition)
            + 18 * baths + 6 * beds + (garage ? 22 : 0) + 55 * Math.Log(1 + 3 * lot) * hoodMultiplier[hood];
        price = Math.Max(35, price * Math.Exp(r.Normal(0, 0.09)));

        t.Add($"L{id:D6}", Num(sqft), Num(beds), Num(baths, "0.0"), r.Bool(0.03) ? "" : Num(year), hoods[hood],
            Bool(garage), r.Bool(0.05) ? "" : Num(lot, "0.00"), desc, Num(price, "0.0"));
    }
    return t;
}

// ---------------------------------------------------------------- shared helpers

static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
static string Num(double v, string format = "0") => v.ToString(format, CultureInfo.InvariantCulture);
static string Bool(bool b) => b ? "true" : "false";

static void Write(string dir, string name, Table table)
{
    // Deterministic 80/20 split: a seeded shuffle of row indices, each part kept in generation order.
    var order = Enumerable.Range(0, table.Rows.Count).ToArray();
    new Rng(name.Length * 7919 + 17).Shuffle(order);
    int trainCount = table.Rows.Count * 8 / 10;
    var isTrain = new bool[order.Length];
    foreach (var i in order.Take(trainCount)) isTrain[i] = true;
    WriteCsv(Path.Combine(dir, $"{name}-train.csv"), table, Enumerable.Range(0, order.Length).Where(i => isTrain[i]));
    WriteCsv(Path.Combine(dir, $"{name}-test.csv"), table, Enumerable.Range(0, order.Length).Where(i => !isTrain[i]));
}

static void WriteCsv(string path, Table table, IEnumerable<int> rows)
{
    var sb = new StringBuilder();
    sb.Append(string.Join(',', table.Header.Select(Quote))).Append('\n');
    foreach (var i in rows) sb.Append(string.Join(',', table.Rows[i].Select(Quote))).Append('\n');
    File.WriteAllText(path, sb.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    Console.WriteLine($"{path}: {sb.ToString().Count(ch => ch == '\n') - 1} rows");
}

// RFC 4180: quote a field containing a comma, quote or line break; double any embedded quote.
static string Quote(string field) =>
    field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

sealed class Table(params string[] header)
{
    public string[] Header { get; } = header;
    public List<string[]> Rows { get; } = [];
    public void Add(params string[] cells) => Rows.Add(cells);
}

// Thin wrapper over a seeded System.Random (seeded instances use the legacy, unchanging algorithm).
sealed class Rng(int seed)
{
    private readonly Random _r = new(seed);
    public double Double() => _r.NextDouble();
    public int Int(int min, int maxInclusive) => _r.Next(min, maxInclusive + 1);
    public bool Bool(double p) => _r.NextDouble() < p;
    public T Pick<T>(T[] items) => items[_r.Next(items.Length)];

    public double Normal(double mean, double sd) // Box-Muller
        => mean + sd * Math.Sqrt(-2 * Math.Log(1 - _r.NextDouble())) * Math.Cos(2 * Math.PI * _r.NextDouble());

    public int Poisson(double lambda) // Knuth; fine for small lambda
    {
        double limit = Math.Exp(-lambda), p = 1;
        int k = -1;
        do { k++; p *= _r.NextDouble(); } while (p > limit);
        return k;
    }

    public int Weighted(double[] weights)
    {
        double u = _r.NextDouble() * weights.Sum();
        for (int i = 0; i < weights.Length - 1; i++) if ((u -= weights[i]) < 0) return i;
        return weights.Length - 1;
    }

    public string Sentence(int minWords, int maxWords, Func<string> word, double commaChance)
    {
        int count = Int(minWords, maxWords);
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(i < count - 1 && Bool(commaChance) ? ", " : " ");
            sb.Append(word());
        }
        return sb.ToString();
    }

    public IEnumerable<int> UniqueIds(int count, int min, int max)
    {
        var seen = new HashSet<int>();
        while (seen.Count < count) { int id = Int(min, max); if (seen.Add(id)) yield return id; }
    }

    public void Shuffle(int[] a) // Fisher-Yates
    {
        for (int i = a.Length - 1; i > 0; i--) { int j = _r.Next(i + 1); (a[i], a[j]) = (a[j], a[i]); }
    }
}
