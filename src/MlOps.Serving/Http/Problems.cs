using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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
}
