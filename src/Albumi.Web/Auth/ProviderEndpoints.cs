using Albumi.Web.Auth.Oidc;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Auth;

/// <summary><c>/auth/providers</c> and <c>/auth/signin/{provider}</c>: which sign-ins exist, and starting one.</summary>
public static class ProviderEndpoints
{
    public static IEndpointRouteBuilder MapProviderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").WithTags("Sign-in");
        group.MapGet("/providers", ListAsync);
        group.MapGet("/signin/{provider}", StartAsync).Produces(StatusCodes.Status302Found);
        return endpoints;
    }

    internal static async Task<Ok<List<ProviderResponse>>> ListAsync(IAuthenticationSchemeProvider schemes, LocalAccounts localAccounts)
    {
        var providers = (await schemes.GetAllSchemesAsync())
            .Where(s => s.Name.StartsWith(OidcProviders.SchemePrefix, StringComparison.Ordinal))
            .Select(s => new ProviderResponse(s.Name[OidcProviders.SchemePrefix.Length..], s.DisplayName ?? s.Name, "oidc"))
            .ToList();
        if (localAccounts.Enabled)
        {
            providers.Add(new ProviderResponse(PasswordEndpoints.Provider, "Email and password", "password"));
        }

        return TypedResults.Ok(providers);
    }

    internal static async Task<Results<ChallengeHttpResult, ValidationProblem, ProblemHttpResult>> StartAsync(
        string provider, string? returnUrl, IAuthenticationSchemeProvider schemes, HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        var scheme = OidcProviders.SchemePrefix + provider.ToLowerInvariant();
        if (provider.Length > 100 || await schemes.GetSchemeAsync(scheme) is null)
        {
            return Problem.Create(StatusCodes.Status404NotFound, ProblemTypes.UnknownProvider, "Unknown sign-in provider.", "No sign-in provider has that name; see /auth/providers.");
        }

        if (returnUrl is not null && !ReturnUrl.IsSafe(returnUrl))
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["returnUrl"] = ["returnUrl must be a path on this site, such as /workspaces."] });
        }

        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = returnUrl ?? "/" }, [scheme]);
    }
}

public sealed record ProviderResponse(string Name, string DisplayName, string Type);
