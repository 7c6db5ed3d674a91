using Albumi.Grains.Audit;
using Albumi.Grains.Mfa;
using Albumi.Web.Auth;
using Albumi.Web.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Me;

/// <summary>
/// The one rule for a step-up with a code (an authenticator code or an unused recovery code), run by
/// <c>POST /v1/me/mfa/verify</c> and by the step-up page's post without script: the account's second-factor limit,
/// an audit row either way, and on success the session marked as having passed the second factor now. The caller has
/// made sure there is a session (not an API key).
/// </summary>
public sealed class SecondFactorStepUp(TotpService totp, SecurityAuditLog audit)
{
    public async Task<Results<NoContent, ProblemHttpResult>> RunAsync(string? code, HttpContext httpContext)
    {
        var account = httpContext.User.GetAccountId()!.Value;
        var client = ClientInfo.From(httpContext);
        var check = await totp.VerifyAsync(account, code);
        if (check.Limited is { } limited)
        {
            return await TooManyRequests.SecondFactorAsync(httpContext, limited, SecurityEventType.SecondFactorVerified, account);
        }

        await audit.WriteAsync(new SecurityEvent(SecurityEventType.SecondFactorVerified, check.Accepted ? SecurityOutcome.Success : SecurityOutcome.Failure,
            AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent, Reason: check.Failure));
        if (!check.Accepted)
        {
            return Problem.Create(StatusCodes.Status400BadRequest, ProblemTypes.InvalidSecondFactor, "Wrong code.", "The code is wrong, expired or was used already.");
        }

        await MfaEndpoints.MarkSessionAsync(httpContext);
        return TypedResults.NoContent();
    }
}
