using System.Security.Claims;

namespace Albumi.Web.Auth;

/// <summary>The claims a request's principal carries: who, and through which session. Never roles: those are read per request.</summary>
public static class AlbumiClaims
{
    public const string AccountId = "albumi:account";
    public const string SessionId = "albumi:session";

    public static Guid? GetAccountId(this ClaimsPrincipal principal)
        => Guid.TryParse(principal?.FindFirstValue(AccountId), out var id) ? id : null;

    public static Guid? GetSessionId(this ClaimsPrincipal principal)
        => Guid.TryParse(principal?.FindFirstValue(SessionId), out var id) ? id : null;
}
