using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Mfa;
using Albumi.Grains.Sessions;
using Albumi.Web.Auth;
using Albumi.Web.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Albumi.Web.Me;

/// <summary>
/// <c>POST /v1/me/reauthenticate</c>: the step-up of an account without a second factor. The session's person types
/// their password again; the session then counts as just signed in for <see cref="MfaOptions.StepUpWindow"/>. An
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
        ReauthenticateRequest? request,
        ClaimsPrincipal user,
        IGrainFactory grains,
        AccountDirectory directory,
        PasswordHasher<PasswordAccount> hasher,
        SignInLimit limit,
        TotpService totp,
        SessionDirectory sessions,
        SecurityAuditLog audit,
        HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        var account = user.GetAccountId()!.Value;
        if (await totp.IsEnabledAsync(account))
        {
            return Problem.Conflict(ProblemTypes.MfaAlreadyOn, "Verify your second factor instead.",
                $"This account has two-factor authentication on: verify a code at POST {StepUp.VerifyCodePath}.");
        }

        var profile = await grains.GetGrain<IAccountGrain>(account).GetProfileAsync();
        var credentials = profile is null ? null : await directory.FindByEmailAsync(profile.Email);
        if (credentials?.PasswordHash is not { } hash)
        {
            return Problem.Conflict(ProblemTypes.NoPassword, "This account has no password.",
                "Confirm it is you by signing in again with your provider (GET /auth/signin/{provider}).");
        }

        var client = ClientInfo.From(httpContext);
        if (await limit.AcquireAsync(client.Ip, profile!.Email) is { Granted: false } decision)
        {
            return await TooManyRequests.RefuseAsync(httpContext, decision, SecurityEventType.Reauthenticated, account, "Too many password attempts; wait before trying again.");
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["password"] = ["Your password is required."] });
        }

        if (hasher.VerifyHashedPassword(new PasswordAccount(), hash, request.Password) == PasswordVerificationResult.Failed)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.Reauthenticated, SecurityOutcome.Failure, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent, Reason: "wrong password"));
            return Problem.Create(StatusCodes.Status400BadRequest, ProblemTypes.InvalidCredentials, "Wrong password.", "The password is wrong.");
        }

        if (user.GetSessionId() is { } sessionId && await sessions.FindLiveAsync(account, sessionId) is { } session)
        {
            await session.MarkReauthenticatedAsync();
        }

        await audit.WriteAsync(new SecurityEvent(SecurityEventType.Reauthenticated, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent));
        return TypedResults.NoContent();
    }
}

/// <summary>The account's password, typed again to confirm it is the person at the keyboard.</summary>
public sealed record ReauthenticateRequest([property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = 1)] string? Password)
{
    /// <summary>Never the password.</summary>
    public override string ToString() => "ReauthenticateRequest { Password = (hidden) }";
}
