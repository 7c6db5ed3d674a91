using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Workspaces;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Auth;

/// <summary><c>/v1/me/api-keys</c>: create (the key is shown once), list, revoke. Managing keys needs the admin scope.</summary>
public static class ApiKeyEndpoints
{
    private static readonly Dictionary<string, TimeSpan?> Lifetimes = new(StringComparer.Ordinal)
    {
        ["30d"] = TimeSpan.FromDays(30),
        ["90d"] = TimeSpan.FromDays(90),
        ["1y"] = TimeSpan.FromDays(365),
        ["never"] = null,
    };

    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/me/api-keys").WithTags("API keys").RequireAuthorization(AuthPolicies.SignedIn)
            .WithMetadata(new RequiresScope(ApiKeyScope.Admin));
        group.MapPost("/", CreateAsync).RequireStepUp();
        group.MapGet("/", ListAsync);
        group.MapDelete("/{id}", RevokeAsync);
        return endpoints;
    }

    internal static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest? request, ClaimsPrincipal user, ApiKeyStore store, WorkspaceDirectory workspaces, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        var errors = new Dictionary<string, string[]>();
        var name = request?.Name?.Trim();
        if (name is not { Length: >= 1 and <= 100 } || name.Any(char.IsControl))
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }

        if (request?.ExpiresIn is not { } expiresIn || !Lifetimes.TryGetValue(expiresIn, out var lifetime))
        {
            errors["expiresIn"] = ["expiresIn must be one of 30d, 90d, 1y, never."];
            lifetime = null;
        }

        var scopes = request?.Scopes?.Distinct(StringComparer.Ordinal).ToList() ?? [.. ApiKeyScope.All];
        if (scopes.Count == 0 || scopes.Any(s => !ApiKeyScope.All.Contains(s)))
        {
            errors["scopes"] = ["scopes must be a non-empty subset of read, write, admin."];
        }

        var restriction = request?.WorkspaceIds?.Distinct().ToList();
        if (restriction is not null)
        {
            var mine = (await workspaces.ForAccountAsync(account)).Select(w => w.Workspace.Id).ToHashSet();
            if (restriction.Count == 0 || restriction.Any(w => !mine.Contains(w) || !user.MayReachWorkspace(w)))
            {
                errors["workspaceIds"] = ["workspaceIds must list workspaces you are a member of (and, with a key, that key may reach)."];
            }
        }

        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }

        var (record, key) = await store.CreateAsync(account, name!, scopes, restriction, lifetime);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.ApiKeyCreated, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent,
            Metadata: new Dictionary<string, string> { ["name"] = record.Name, ["prefix"] = record.Prefix, ["scopes"] = string.Join(' ', record.Scopes) }));
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/me/api-keys/{record.Id}", new CreatedApiKeyResponse(
            record.Id, key, record.Prefix, record.Name, record.Scopes, record.WorkspaceIds, record.CreatedAt, record.ExpiresAt));
    }

    internal static async Task<Ok<List<ApiKeyResponse>>> ListAsync(ClaimsPrincipal user, ApiKeyStore store)
        => TypedResults.Ok((await store.ListAsync(user.GetAccountId()!.Value))
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.Scopes, k.WorkspaceIds, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt))
            .ToList());

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal user, ApiKeyStore store, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        if (!RouteIds.TryParse(id, out var keyId) || await store.GrainKeyOfAsync(account, keyId) is not { } grainKey
            || !await grains.GetGrain<IApiKeyGrain>(grainKey).RevokeAsync())
        {
            return Problem.NotFound("API key");
        }

        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.ApiKeyRevoked, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent,
            Metadata: new Dictionary<string, string> { ["keyId"] = keyId.ToString() }));
        return TypedResults.NoContent();
    }
}

public sealed record CreateApiKeyRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string? Name,
    [property: Required, AllowedValues("30d", "90d", "1y", "never")] string? ExpiresIn,
    [property: Description("Any of read, write, admin; all three when left out.")] List<string>? Scopes = null,
    [property: Description("The workspaces the key may reach; all of the account's when left out.")] List<Guid>? WorkspaceIds = null);

public sealed record CreatedApiKeyResponse(
    Guid Id, string Key, string Prefix, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<Guid>? WorkspaceIds, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Never the key: a record's default ToString would print it wherever the record is logged.</summary>
    public override string ToString() => $"CreatedApiKeyResponse {{ Id = {Id}, Prefix = {Prefix} }}";
}

public sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, IReadOnlyList<Guid>? WorkspaceIds,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
