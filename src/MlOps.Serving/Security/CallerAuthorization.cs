using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Http;

namespace MlOps.Serving.Security;

/// <summary>
/// Who may call the endpoints that score or write (prediction, feedback): the <see cref="Policy"/> they opt into with
/// <see cref="RequireCaller{TBuilder}"/>. With no authentication configured it lets everyone through, as before. Once an
/// API key file (MLOPS_API_KEYS_FILE) and/or a bearer scheme (ASP.NET Core's Authentication:Schemes:Bearer:* settings)
/// is configured, a caller needs one of them: a valid X-API-Key, or a valid bearer token (carrying MLOPS_REQUIRED_SCOPE
/// when set). Refusals are problem+json, 401 (MLOPS6041) or 403 (MLOPS6042), never a 500. /metrics, /health/*,
/// /schema, /model and /openapi.json never opt in.
/// </summary>
public static class CallerAuthorization
{
    public const string Policy = "mlops-caller";
    public const string BearerSection = "Authentication:Schemes:Bearer";
    private static readonly string[] ScopeClaims = ["scope", "scp", "http://schemas.microsoft.com/identity/claims/scope"];

    /// <summary>Marks an endpoint (or a group) as one only configured callers may use.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy);

    /// <summary>The schemes configured: ApiKey (the key file is read here, failing fast with MLOPS6043) and/or Bearer.</summary>
    public static IReadOnlyList<string> AddCallerAuthorization(this IServiceCollection services, IConfiguration configuration, ServingOptions options)
    {
        var schemes = new List<string>();
        var authentication = services.AddAuthentication();
        if (options.ApiKeysFile is { } file)
        {
            services.AddSingleton(provider => new ApiKeyStore(file, provider.GetService<ILoggerFactory>()?.CreateLogger<ApiKeyStore>()));
            authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
            schemes.Add(ApiKeyHandler.SchemeName);
        }
        if (configuration.GetSection(BearerSection).Exists())
        {
            // AddJwtBearer binds Authentication:Schemes:Bearer (Authority, ValidIssuer(s), ValidAudience(s), SigningKeys...).
            authentication.AddJwtBearer();
            schemes.Add(JwtBearerDefaults.AuthenticationScheme);
        }
        services.AddAuthorization(a => a.AddPolicy(Policy, Build(schemes, options.RequiredScope)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler>(new ProblemResultHandler(schemes));
        return schemes;
    }

    private static AuthorizationPolicy Build(IReadOnlyList<string> schemes, string? scope)
    {
        if (schemes.Count == 0) return new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build(); // nothing configured: open
        var policy = new AuthorizationPolicyBuilder([.. schemes]).RequireAuthenticatedUser();
        if (scope is not null)
            policy.RequireAssertion(c => c.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyHandler.SchemeName)
                || c.User.Claims.Any(claim => ScopeClaims.Contains(claim.Type) && claim.Value.Split(' ').Contains(scope, StringComparer.Ordinal)));
        return policy.Build();
    }

    /// <summary>401 and 403 as problem+json; the schemes' challenges still set WWW-Authenticate first.</summary>
    private sealed class ProblemResultHandler(IReadOnlyList<string> schemes) : IAuthorizationMiddlewareResultHandler
    {
        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (result.Succeeded) { await next(context); return; }
            if (result.Forbidden)
            {
                await Problems.From(new ProblemException(StatusCodes.Status403Forbidden, ErrorCodes.RequestForbidden, "Forbidden",
                    "The credentials are valid but do not allow this endpoint: the bearer token lacks the scope MLOPS_REQUIRED_SCOPE names.")).ExecuteAsync(context);
                return;
            }
            foreach (var scheme in policy.AuthenticationSchemes) await context.ChallengeAsync(scheme);
            var ways = string.Join(" or ", schemes.Select(s => s == ApiKeyHandler.SchemeName ? $"an API key in the {ApiKeyHandler.Header} header" : "a bearer token (Authorization: Bearer ...)"));
            await Problems.From(new ProblemException(StatusCodes.Status401Unauthorized, ErrorCodes.RequestUnauthenticated, "Unauthorized",
                $"This endpoint needs {ways}; none was sent, or the one sent is not valid.")).ExecuteAsync(context);
        }
    }
}
