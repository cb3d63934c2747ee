namespace MlOps.Core.Contract;

/// <summary>One way new data breaks the schema contract; IsError is false for warnings (an extra column outside strict mode).</summary>
public sealed record ContractViolation(string Code, string Column, string Message, bool IsError = true, int? Line = null);
