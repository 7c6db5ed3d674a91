using System.ComponentModel.DataAnnotations;
using Albumi.Web.Auth;
using Albumi.Web.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Me;

/// <summary>
/// <c>POST /v1/me/reauthenticate</c>: the step-up of an account without a second factor. The session's person types
/// their password again; the session then counts as just signed in for <see cref="MfaOptions.StepUpWindow"/> (the rule: <see cref="PasswordReauthentication"/>). An
/// account with a second factor steps up with a code (<c>POST /v1/me/mfa/verify</c>) instead, and one without a
/// password signs in again with its provider. Attempts count against the cluster's password sign-in limits (<see cref="SignInLimit"/>).
/// </summary>
public static class ReauthenticationEndpoints
{
    public static IEndpointRouteBuilder MapReauthenticationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(StepUp.ReauthenticatePath, ReauthenticateAsync).WithTags("Me").RequireSession()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReauthenticateAsync(
        ReauthenticateRequest? request, PasswordReauthentication reauthentication, HttpContext httpContext)
        => await reauthentication.RunAsync(request?.Password, httpContext);
}

/// <summary>The account's password, typed again to confirm it is the person at the keyboard.</summary>
public sealed record ReauthenticateRequest([property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = 1)] string? Password)
{
    /// <summary>Never the password.</summary>
    public override string ToString() => "ReauthenticateRequest { Password = (hidden) }";
}
