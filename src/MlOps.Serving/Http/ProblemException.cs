using MlOps.Serving.Input;

namespace MlOps.Serving.Http;

/// <summary>A request the service refuses: becomes an application/problem+json response with an MLOPS code.</summary>
public sealed class ProblemException(int status, string code, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public IReadOnlyList<FieldError>? Errors { get; } = errors;
}
