using System.Security.Claims;
using Albumi.Grains.ApiKeys;
using Albumi.Web.Problems;

namespace Albumi.Web.Auth;

/// <summary>Request-level rules for API keys, applied once for every endpoint.</summary>
public static class ApiKeyGuards
{
    /// <summary>
    /// A key belongs in the Authorization header only: a request with one in its query string (where proxies and
    /// browsers log it) is refused before anything reads it.
    /// </summary>
    public static async Task RefuseKeysInQueryStringAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.QueryString.HasValue && ApiKeyFormat.ContainsKey(Uri.UnescapeDataString(context.Request.QueryString.Value!)))
        {
            await Problem.Create(StatusCodes.Status400BadRequest, ProblemTypes.KeyInQueryString, "API key in the query string.",
                "Send API keys only as Authorization: Bearer alb_…; revoke a key that was sent in a URL.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>
    /// An API-key request to an endpoint only a session may use (<see cref="RequiresSession"/>) answers 403
    /// <c>session-required</c>; one outside the key's scopes answers 403 naming the missing scope.
    /// </summary>
    public static async Task EnforceScopesAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.User.IsApiKey() && context.GetEndpoint() is { } endpoint)
        {
            if (endpoint.Metadata.GetMetadata<RequiresSession>() is not null)
            {
                await Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.SessionRequired, "A session is required.",
                    "Sessions, MFA, personal data export, erasure and sign-out are managed by a person signed in with a session, not with an API key.").ExecuteAsync(context);
                return;
            }

            var required = ApiKeyScope.Required(endpoint, context.Request.Method);
            if (!context.User.HasScope(required))
            {
                await Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.MissingScope, "The API key lacks a scope.",
                    $"This request needs the '{required}' scope, which this key does not have.").ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}
