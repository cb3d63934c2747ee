using MlOps.Core.Contract;
using MlOps.Core.Schema;

namespace MlOps.Testing;

/// <summary>Assertions on data files, for generated and hand-written tests.</summary>
public static class DataAssert
{
    /// <summary>
    /// The file fits the model's schema contract (mlops.schema.json, else the schema it was trained with): every
    /// column present with its kind, and categories, range and missing rate within tolerance. Column order is free;
    /// extra columns are a warning (written to the test output) unless the project sets MlOpsStrictSchema.
    /// </summary>
    public static void MatchesSchema(string path, string? model = null)
    {
        var loaded = MlOpsModel.Load(model);
        var contractPath = loaded.Checks.SchemaContract;
        var contract = contractPath is not null && File.Exists(contractPath)
            ? SchemaJson.Deserialize(File.ReadAllText(contractPath))
            : loaded.Schema;
        var violations = SchemaContract.Validate(contract, loaded.LoadData(path), new ContractTolerances { Strict = loaded.Checks.StrictSchema });
        foreach (var warning in violations.Where(v => !v.IsError))
            Console.WriteLine($"warning {warning.Code}: {path}: {warning.Message}");
        var errors = violations.Where(v => v.IsError).ToList();
        if (errors.Count > 0)
            Assert.Fail($"{path} breaks the schema contract of model {loaded.Name}: " +
                string.Join(" ", errors.Select(e => $"[{e.Code}] {(e.Line is int line ? $"line {line}: " : "")}{e.Message}")));
    }
}
