using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Caching;
using Albumi.Grains.Persistence;
using Albumi.Grains.Sessions;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Me;

/// <summary><c>/v1/me…</c>: the signed-in account, its sessions, its sign-in history and alerts.</summary>
public static class MeEndpoints
{
    private static readonly SecurityEventType[] SignInTypes = [SecurityEventType.SignIn];

    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/me").WithTags("Me").RequireAuthorization(AuthPolicies.SignedIn);
        group.MapGet("/", GetMeAsync);
        group.MapGet("/sessions", ListSessionsAsync).RequireSession();
        group.MapDelete("/sessions/{id}", RevokeSessionAsync).RequireSession();
        group.MapGet("/login-history", LoginHistoryAsync);
        group.MapGet("/security-alerts", SecurityAlertsAsync);
        return endpoints;
    }

    internal static async ValueTask<Results<Ok<MeResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal user, IGrainFactory grains, NodeCache cache, WorkspaceDirectory workspaces)
    {
        var account = user.GetAccountId()!.Value;
        var profile = await cache.GetOrFetchAsync(
            CacheKeys.AccountProfile(account), (grains, account), static s => s.grains.GetGrain<IAccountGrain>(s.account).GetProfileAsync(), static found => found is null ? null : DateTimeOffset.MaxValue);
        if (profile is null)
        {
            return Problem.NotSignedIn();
        }

        var memberships = await workspaces.ForAccountAsync(profile.Id);
        var providers = new LinkedProviderResponse[profile.Logins.Count];
        for (var i = 0; i < providers.Length; i++)
        {
            providers[i] = new LinkedProviderResponse(profile.Logins[i].Provider, profile.Logins[i].LinkedAt);
        }

        var memberOf = new MembershipResponse[memberships.Count];
        for (var i = 0; i < memberOf.Length; i++)
        {
            var (workspace, role) = memberships[i];
            memberOf[i] = new MembershipResponse(workspace.Id, workspace.Name, RoleNames.Of(role));
        }

        return TypedResults.Ok(new MeResponse(profile.Id, profile.Email, profile.DisplayName, providers, memberOf));
    }

    internal static async Task<Ok<List<SessionResponse>>> ListSessionsAsync(ClaimsPrincipal user, AlbumiDataSources db, AlbumiClock time)
    {
        await using var query = db.App.CreateCommand("""
            SELECT id, created_at, last_seen_at, host(ip), user_agent, provider FROM sessions
            WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND absolute_expires_at > $2
            ORDER BY last_seen_at DESC
            """);
        query.Parameters.AddWithValue(user.GetAccountId()!.Value);
        query.Parameters.AddWithValue(time.GetUtcNow());
        var current = user.GetSessionId();
        var sessions = new List<SessionResponse>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var userAgent = reader.IsDBNull(4) ? null : reader.GetString(4);
            var (browser, os) = UserAgentParser.Parse(userAgent);
            var id = reader.GetGuid(0);
            sessions.Add(new SessionResponse(
                id, reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), browser, os, reader.GetString(5), id == current));
        }

        return TypedResults.Ok(sessions);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(
        string id, ClaimsPrincipal user, SessionDirectory sessions, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        if (!RouteIds.TryParse(id, out var sessionId))
        {
            return Problem.NotFound("session");
        }

        if (await sessions.FindLiveAsync(account, sessionId) is not { } session || !await session.RevokeAsync("revoked by its owner"))
        {
            return Problem.NotFound("session");
        }

        if (sessionId == user.GetSessionId())
        {
            await httpContext.EndSessionAsync("revoked by its owner");
        }

        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.SessionRevoked, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent));
        return TypedResults.NoContent();
    }

    internal static Task<Results<Ok<List<SecurityEventResponse>>, ValidationProblem>> LoginHistoryAsync(
        ClaimsPrincipal user, SecurityAuditLog audit, int? limit, long? before)
        => ReadAsync(user, audit, SignInTypes, problemsOnly: false, limit, before);

    internal static Task<Results<Ok<List<SecurityEventResponse>>, ValidationProblem>> SecurityAlertsAsync(
        ClaimsPrincipal user, SecurityAuditLog audit, int? limit, long? before)
        => ReadAsync(user, audit, types: null, problemsOnly: true, limit, before);

    private static async Task<Results<Ok<List<SecurityEventResponse>>, ValidationProblem>> ReadAsync(
        ClaimsPrincipal user, SecurityAuditLog audit, SecurityEventType[]? types, bool problemsOnly, int? limit, long? before)
    {
        if (limit is < 1 or > 200)
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 200."] });
        }

        var events = await audit.ForAccountAsync(user.GetAccountId()!.Value, types, problemsOnly, limit ?? 50, before);
        return TypedResults.Ok(events.Select(SecurityEventResponse.From).ToList());
    }
}
