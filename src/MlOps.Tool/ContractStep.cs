using MlOps.Core.Contract;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;

namespace MlOps.Tool;

/// <summary>
/// The schema contract (mlops.schema.json beside the project, committed like a lock file): the first training
/// writes it; later ones check the training data against it before any search, and fail on a breaking change
/// until the user accepts it with -p:MlOpsUpdateSchema=true.
/// </summary>
public static class ContractStep
{
    public const string AcceptHint = "If the change is intended, accept it with -p:MlOpsUpdateSchema=true and commit the updated mlops.schema.json.";

    /// <summary>Prints every violation as a canonical error or warning; throws when any is an error.</summary>
    public static void Check(string? contractPath, bool update, bool strict, TabularData data, DataSchema inferred, TextWriter log)
    {
        if (contractPath is null || update || !File.Exists(contractPath)) return;
        DataSchema contract;
        try { contract = SchemaJson.Deserialize(File.ReadAllText(contractPath)); }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            throw new MlOpsException(ErrorCodes.ContractUnreadable, $"The schema contract cannot be read ({e.Message}). {AcceptHint}", contractPath);
        }
        var violations = SchemaContract.Validate(contract, data, new ContractTolerances { Strict = strict }, inferred);
        foreach (var v in violations)
            log.WriteLine(CanonicalMessage.Format(v.IsError ? "error" : "warning", v.Code,
                v.IsError ? $"{v.Message} {AcceptHint}" : v.Message, data.Path, v.Line));
        if (violations.Any(v => v.IsError))
            throw new ContractBrokenException();
    }

    /// <summary>Writes the contract when there is none yet or the user accepted a change; temp file, then rename.</summary>
    public static void Write(string? contractPath, bool update, DataSchema schema, TextWriter log)
    {
        if (contractPath is null) return;
        if (!update && File.Exists(contractPath))
        {
            // The contract is one of the training target's outputs (so a deleted one is rebuilt); an unchanged one
            // must still look as new as the outputs, or a settings change would make every later build retrain.
            File.SetLastWriteTimeUtc(contractPath, DateTime.UtcNow);
            return;
        }
        AtomicFile.WriteAllText(contractPath, SchemaJson.Serialize(schema));
        log.WriteLine($"MlOps: wrote the schema contract {contractPath}; commit it so later builds check new data against it.");
    }
}

/// <summary>The violations are already printed as errors; the tool only has to fail.</summary>
public sealed class ContractBrokenException : Exception;
