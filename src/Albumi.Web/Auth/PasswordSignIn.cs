using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Mfa;
using Albumi.Web.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Albumi.Web.Auth;

/// <summary>
/// The one password sign-in rule, run by <c>POST /auth/password/signin</c> and by the sign-in page's own post: the
/// limits per IP and per account (every attempt counts, whatever it carries), the same time for an unknown email as for
/// a wrong password, the second factor when the account has it on, an audit row for each outcome, and on success a new
/// session and its cookie. The answer is the endpoint's; the page reads it back into a redirect or field errors.
/// </summary>
public sealed class PasswordSignIn(
    LocalAccounts localAccounts,
    AccountDirectory directory,
    PasswordHasher<PasswordAccount> hasher,
    SignInLimit limit,
    TotpService totp,
    SecurityAuditLog audit)
{
    // Verified against when the email is unknown, so both answers take the same time.
    private static readonly string DecoyHash = new PasswordHasher<PasswordAccount>().HashPassword(new PasswordAccount(), Guid.NewGuid().ToString());

    public async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RunAsync(SignInInput request, HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.CacheControl = "no-store";
        if (!localAccounts.Enabled)
        {
            return Problem.Create(StatusCodes.Status404NotFound, ProblemTypes.LocalAccountsDisabled, "Local accounts are disabled.", "Sign in with a configured provider.");
        }

        // Every attempt counts against the limits, whatever it carries (bad input is refused only after), and is audited.
        var client = ClientInfo.From(httpContext);
        if (await limit.AcquireAsync(client.Ip, request.Email ?? "") is { Granted: false } decision)
        {
            var blocked = decision.FirstRefusal && request.Errors is null ? await directory.FindByEmailAsync(request.Email!) : null;
            return await TooManyRequests.RefuseAsync(httpContext, decision, SecurityEventType.SignIn, blocked?.AccountId, "Too many sign-in attempts; wait before trying again.", provider: PasswordEndpoints.Provider);
        }

        if (request.Errors is { } errors)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Failure, Ip: client.Ip, UserAgent: client.UserAgent, Provider: PasswordEndpoints.Provider, Reason: "invalid input"));
            return Problem.Validation(errors);
        }

        var (email, password) = (request.Email!, request.Password!);
        var account = await directory.FindByEmailAsync(email);
        var verified = hasher.VerifyHashedPassword(new PasswordAccount(), account?.PasswordHash ?? DecoyHash, password) != PasswordVerificationResult.Failed;
        if (account is null || account.PasswordHash is null || !verified || account.Status != AccountStatus.Active)
        {
            var reason = account is null ? "unknown email" : account.Status != AccountStatus.Active ? "account disabled" : "wrong password";
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Failure, AccountId: account?.AccountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: PasswordEndpoints.Provider, Reason: reason));
            return Problem.InvalidCredentials();
        }

        await limit.ReturnForAccountAsync(email);
        var secondFactorPassed = false;
        if (await totp.IsEnabledAsync(account.AccountId))
        {
            if (string.IsNullOrWhiteSpace(request.TotpCode))
            {
                return Problem.Create(StatusCodes.Status401Unauthorized, ProblemTypes.MfaRequired, "A second factor is required.",
                    "Send totpCode: a current authenticator code or an unused recovery code.");
            }

            var check = await totp.VerifyAsync(account.AccountId, request.TotpCode);
            if (check.Limited is { } limited)
            {
                return await TooManyRequests.SecondFactorAsync(httpContext, limited, SecurityEventType.SignIn, account.AccountId);
            }

            if (!check.Accepted)
            {
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Failure, AccountId: account.AccountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: PasswordEndpoints.Provider,
                    Reason: "second factor: " + check.Failure));
                return Problem.Create(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidSecondFactor, "Wrong second factor.", "The code is wrong, expired or was used already.");
            }

            secondFactorPassed = true;
            if (check.Method == "recovery-code")
            {
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.RecoveryCodeUsed, SecurityOutcome.Success, AccountId: account.AccountId, ActorAccountId: account.AccountId, Ip: client.Ip, UserAgent: client.UserAgent,
                    Metadata: new Dictionary<string, string> { ["remaining"] = check.RecoveryCodesLeft!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
                httpContext.Response.Headers["Albumi-Recovery-Codes-Remaining"] = check.RecoveryCodesLeft!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        await httpContext.StartSessionAsync(account.AccountId, PasswordEndpoints.Provider, secondFactorPassed);
        httpContext.Response.Headers.CacheControl = "no-store";
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Success, AccountId: account.AccountId, ActorAccountId: account.AccountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: PasswordEndpoints.Provider));
        return TypedResults.NoContent();
    }
}
