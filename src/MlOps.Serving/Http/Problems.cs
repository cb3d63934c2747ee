using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving.Http;

/// <summary>RFC 9457 problem details (application/problem+json) with the MLOPS code and, for 422, every field error.</summary>
internal static class Problems
{
    public static IResult From(ProblemException e)
    {
        var problem = new ProblemDetails
        {
            Status = e.Status,
            Title = e.Title,
            Detail = e.Message,
            Type = $"https://httpstatuses.io/{e.Status}",
        };
        problem.Extensions["code"] = e.Code;
        if (e.Errors is { Count: > 0 } errors) problem.Extensions["errors"] = errors;
        return Results.Problem(problem);
    }

    /// <summary>A body the service cannot read (JSON, CSV): 400, MLOPS6010.</summary>
    public static ProblemException Malformed(string detail) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.RequestMalformed, "Malformed request", detail);
}
