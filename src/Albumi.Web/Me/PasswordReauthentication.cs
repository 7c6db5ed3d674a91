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
/// The one rule for a step-up with the password (an account without a second factor), run by
/// <c>POST /v1/me/reauthenticate</c> and by the step-up page's post without script: refused when the account has a
/// second factor or no password, counted against the password sign-in limits, audited, and on success the session counts
/// as just signed in. The caller has made sure there is a session (not an API key).
/// </summary>
public sealed class PasswordReauthentication(
    IGrainFactory grains,
    AccountDirectory directory,
    PasswordHasher<PasswordAccount> hasher,
    SignInLimit limit,
    TotpService totp,
    SessionDirectory sessions,
    SecurityAuditLog audit)
{
    public async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RunAsync(string? password, HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        var user = httpContext.User;
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

        if (string.IsNullOrEmpty(password))
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["password"] = ["Your password is required."] });
        }

        if (hasher.VerifyHashedPassword(new PasswordAccount(), hash, password) == PasswordVerificationResult.Failed)
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
