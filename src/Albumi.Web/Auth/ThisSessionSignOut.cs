using Albumi.Grains.Audit;
using Albumi.Web.Requests;

namespace Albumi.Web.Auth;

/// <summary>
/// The one way a person signs out of the session they are using, run by <c>POST /auth/signout</c> and by the
/// <c>/signout</c> page's post (the header's form without script): the session is revoked and its cookie deleted, and a
/// sign-out is audited. The callers have made sure there is a session (not an API key) before.
/// </summary>
public static class ThisSessionSignOut
{
    public static async Task RunAsync(HttpContext httpContext, SecurityAuditLog audit)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(audit);
        var account = httpContext.User.GetAccountId();
        await httpContext.EndSessionAsync("signed out");
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(
            new SecurityEvent(SecurityEventType.SignOut, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent));
    }
}
