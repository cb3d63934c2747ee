using System.Diagnostics;
using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine;

// Usage: MlOps.LoadBench FILE LABEL  -> one line: rows, seconds to load, seconds to load + infer + build the typed
// table, peak resident memory (VmHWM) in MB. See bench/load-compare.sh.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: MlOps.LoadBench FILE LABEL");
    return 2;
}
var clock = Stopwatch.StartNew();
var data = CsvLoader.Load(args[0], new CsvOptions());
var loaded = clock.Elapsed.TotalSeconds;
var schema = ColumnInference.Infer(data, new InferenceOptions { Label = args[1] });
var view = DataViewFactory.Create(data, schema);
var total = clock.Elapsed.TotalSeconds;
GC.KeepAlive(view);
var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rows={data.RowCount} load_s={loaded:0.00} total_s={total:0.00} peak_mb={long.Parse(peak, CultureInfo.InvariantCulture) / 1024}"));
return 0;
