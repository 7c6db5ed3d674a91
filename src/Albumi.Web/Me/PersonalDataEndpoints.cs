using System.Security.Claims;
using System.Text.Json.Nodes;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Mfa;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;

namespace Albumi.Web.Me;

/// <summary>
/// <c>GET /v1/me/export</c>: everything Albumi holds about the signed-in account, as one JSON document: profile,
/// linked providers, 2FA status (never the seed), memberships, every session with its IP and User-Agent, API keys
/// (never a key or its hash), every security event about the account, and the comments it wrote.
/// Sessions only: a leaked API key must not be enough to take a person's whole record.
/// </summary>
public static class PersonalDataEndpoints
{
    private const int MaxEvents = 10_000;

    public static IEndpointRouteBuilder MapPersonalDataEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/v1/me/export", ExportAsync).WithTags("Me").RequireSession().Produces<System.Text.Json.Nodes.JsonObject>();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(
        ClaimsPrincipal user, HttpContext http, IGrainFactory grains, WorkspaceDirectory workspaces, AlbumiDataSources db, ApiKeyStore keys,
        TotpService totp, SecurityAuditLog audit, AlbumiClock time)
    {
        var accountId = user.GetAccountId()!.Value;
        if (await grains.GetGrain<IAccountGrain>(accountId).GetProfileAsync() is not { } profile)
        {
            return Problem.NotSignedIn();
        }

        http.Response.Headers.CacheControl = "no-store";
        var memberships = await workspaces.ForAccountAsync(accountId);
        var events = await audit.ForAccountAsync(accountId, null, false, MaxEvents, null);
        return TypedResults.Ok(new JsonObject
        {
            ["exportedAt"] = time.GetUtcNow(),
            ["account"] = new JsonObject
            {
                ["id"] = profile.Id.ToString("D"),
                ["email"] = profile.Email,
                ["displayName"] = profile.DisplayName,
                ["providers"] = new JsonArray([.. profile.Logins.Select(l => (JsonNode)new JsonObject { ["provider"] = l.Provider, ["linkedAt"] = l.LinkedAt })]),
            },
            ["twoFactor"] = await totp.EnabledSinceAsync(accountId) is { } since
                ? new JsonObject { ["enabled"] = true, ["since"] = since }
                : new JsonObject { ["enabled"] = false },
            ["memberships"] = new JsonArray([.. memberships.Select(m => (JsonNode)new JsonObject
            {
                ["workspaceId"] = m.Workspace.Id.ToString("D"),
                ["workspaceName"] = m.Workspace.Name,
                ["role"] = RoleNames.Of(m.Role),
            })]),
            ["sessions"] = await SessionsAsync(db, accountId),
            ["apiKeys"] = new JsonArray([.. (await keys.ListAsync(accountId)).Select(k => (JsonNode)new JsonObject
            {
                ["id"] = k.Id.ToString("D"),
                ["name"] = k.Name,
                ["prefix"] = k.Prefix,
                ["createdAt"] = k.CreatedAt,
                ["expiresAt"] = k.ExpiresAt,
                ["lastUsedAt"] = k.LastUsedAt,
                ["revokedAt"] = k.RevokedAt,
            })]),
            ["securityEvents"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
            {
                ["occurredAt"] = e.OccurredAt,
                ["type"] = SecurityEventResponse.TypeName(e.Type),
                ["outcome"] = e.Outcome.ToString().ToLowerInvariant(),
                ["ip"] = e.Ip,
                ["userAgent"] = e.UserAgent,
                ["provider"] = e.Provider,
                ["reason"] = e.Reason,
            })]),
            ["comments"] = await CommentsAsync(db, accountId, memberships.Select(m => m.Workspace.Id)),
        });
    }

    private static async Task<JsonArray> SessionsAsync(AlbumiDataSources db, Guid accountId)
    {
        await using var query = db.App.CreateCommand("""
            SELECT id, created_at, last_seen_at, host(ip), user_agent, provider, revoked_at FROM sessions WHERE account_id = $1 ORDER BY created_at
            """);
        query.Parameters.AddWithValue(accountId);
        var sessions = new JsonArray();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sessions.Add(new JsonObject
            {
                ["id"] = reader.GetGuid(0).ToString("D"),
                ["createdAt"] = reader.GetFieldValue<DateTimeOffset>(1),
                ["lastSeenAt"] = reader.GetFieldValue<DateTimeOffset>(2),
                ["ip"] = reader.IsDBNull(3) ? null : reader.GetString(3),
                ["userAgent"] = reader.IsDBNull(4) ? null : reader.GetString(4),
                ["provider"] = reader.GetString(5),
                ["revokedAt"] = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return sessions;
    }

    private static async Task<JsonArray> CommentsAsync(AlbumiDataSources db, Guid accountId, IEnumerable<Guid> workspaceIds)
    {
        var comments = new JsonArray();
        foreach (var workspaceId in workspaceIds)
        {
            await using var scope = await WorkspaceScope.OpenAsync(db.App, workspaceId);
            await using var query = scope.CreateCommand("SELECT id, entity_id, body, created_at FROM comments WHERE author_id = $1 ORDER BY created_at");
            query.Parameters.AddWithValue(accountId);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                comments.Add(new JsonObject
                {
                    ["workspaceId"] = workspaceId.ToString("D"),
                    ["id"] = reader.GetGuid(0).ToString("D"),
                    ["entityId"] = reader.GetGuid(1).ToString("D"),
                    ["body"] = reader.GetString(2),
                    ["createdAt"] = reader.GetFieldValue<DateTimeOffset>(3),
                });
            }
        }

        return comments;
    }
}
