using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Sessions;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Auth;

/// <summary><c>/auth/signout</c> (this session) and <c>/auth/signout-all</c> (every other session of the account).</summary>
public static class SignOutEndpoints
{
    public static IEndpointRouteBuilder MapSignOutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").WithTags("Sign-in").RequireSession();
        group.MapPost("/signout", SignOutAsync);
        group.MapPost("/signout-all", SignOutAllAsync);
        return endpoints;
    }

    internal static async Task<NoContent> SignOutAsync(SecurityAuditLog audit, HttpContext httpContext)
    {
        await ThisSessionSignOut.RunAsync(httpContext, audit);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> SignOutAllAsync(ClaimsPrincipal user, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        var revoked = await grains.GetGrain<IAccountGrain>(account).RevokeSessionsAsync(user.GetSessionId(), "signed out everywhere");
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignOutAll, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent,
            Metadata: new Dictionary<string, string> { ["revokedSessions"] = revoked.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        return TypedResults.NoContent();
    }
}
