using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Albumi.Grains;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Caching;
using Albumi.Grains.Limits;
using Albumi.Web.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer alb_…</c>. The key is hashed and the key grain of that hash decides; the
/// principal carries the account, the key id, its scopes and its workspace restriction, never a role. A revoked or
/// expired key is refused with a problem type saying which, and recorded as a security alert for its owner. Every failed
/// authentication counts against the client IP's limit (<see cref="FailedApiKeyLimit"/>); past it, 429.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    NodeCache cache,
    FailedApiKeyLimit failures,
    SecurityAuditLog audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string RefusalKey = "albumi.api-key-refusal";
    private const string LimitedKey = "albumi.api-key-limited";

    /// <summary>
    /// One ticket per validated snapshot: a snapshot is immutable and this node's cache drops it the moment the key
    /// changes, so the requests that find the same snapshot share its ticket (nothing mutates a ticket it gets).
    /// </summary>
    private static readonly ConditionalWeakTable<ApiKeySnapshot, AuthenticationTicket> Tickets = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var client = ClientInfo.From(Context);
        if (failures.BlockedFor(client.Ip) is { } wait)
        {
            return Limit(new RateLimitDecision(false, wait, FirstRefusal: false));
        }

        var key = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null;
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return await FailAsync(client, ProblemTypes.InvalidApiKey, "The Authorization header holds no well-formed Albumi API key (Bearer alb_…).");
        }

        // A valid key's check is kept on this node until it changes anywhere, and so is "unknown" (for the node cache's
        // short lifetime; creating a key drops it everywhere), so a repeated unknown key costs no grain call and no query.
        // A revoked or expired key always asks the grain, and is audited.
        var grainKey = ApiKeyFormat.GrainKeyOf(key);
        var check = await cache.GetOrFetchAsync(
            CacheKeys.ApiKey(grainKey),
            (grains, grainKey),
            static s => s.grains.GetGrain<IApiKeyGrain>(s.grainKey).ValidateAsync(),
            static answer => answer.Status switch
            {
                ApiKeyStatus.Valid => answer.Key!.ExpiresAt ?? DateTimeOffset.MaxValue,
                ApiKeyStatus.Unknown => DateTimeOffset.MaxValue,
                _ => null,
            });
        switch (check.Status)
        {
            case ApiKeyStatus.Valid:
                return AuthenticateResult.Success(Tickets.GetValue(check.Key!, static key => new AuthenticationTicket(Principal(key), SchemeName)));
            case ApiKeyStatus.Revoked or ApiKeyStatus.Expired:
                var reason = check.Status == ApiKeyStatus.Revoked ? "revoked key" : "expired key";
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.ApiKeyRefused, SecurityOutcome.Failure, AccountId: check.Key!.AccountId,
                    Ip: client.Ip, UserAgent: client.UserAgent, Provider: "api-key", Reason: reason, Metadata: new Dictionary<string, string> { ["prefix"] = check.Key.Prefix }));
                return check.Status == ApiKeyStatus.Revoked
                    ? await FailAsync(client, ProblemTypes.ApiKeyRevoked, "This API key was revoked.")
                    : await FailAsync(client, ProblemTypes.ApiKeyExpired, "This API key has expired.");
            default:
                return await FailAsync(client, ProblemTypes.InvalidApiKey, "This API key is not valid.");
        }
    }

    /// <summary>A failed authentication: counted against the client IP, and answered 429 instead of 401 past its limit.</summary>
    private async Task<AuthenticateResult> FailAsync(ClientInfo client, string type, string detail)
    {
        var decision = await failures.CountFailureAsync(client.Ip);
        if (!decision.Granted)
        {
            if (decision.FirstRefusal)
            {
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.ApiKeyRefused, SecurityOutcome.Blocked, Ip: client.Ip, UserAgent: client.UserAgent,
                    Provider: "api-key", Reason: "too many failed keys"));
            }

            return Limit(decision);
        }

        return Refuse(type, detail);
    }

    private AuthenticateResult Limit(RateLimitDecision decision)
    {
        Context.Items[LimitedKey] = decision.RetryAfter;
        return AuthenticateResult.Fail("Too many failed API-key authentications from this address.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[LimitedKey] is TimeSpan retryAfter)
        {
            return TooManyRequests.Problem(Context, retryAfter, "Too many requests with a wrong API key came from this address; wait and retry.").ExecuteAsync(Context);
        }

        var (type, detail) = Context.Items[RefusalKey] as (string, string)? ?? (ProblemTypes.NotSignedIn, "Send an API key as Authorization: Bearer alb_….");
        Response.Headers.CacheControl = "no-store";
        return Problem.Create(StatusCodes.Status401Unauthorized, type, "Not authenticated.", detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => Problem.Forbidden().ExecuteAsync(Context);

    private AuthenticateResult Refuse(string type, string detail)
    {
        Context.Items[RefusalKey] = (type, detail);
        return AuthenticateResult.Fail(detail);
    }

    private static AlbumiPrincipal Principal(ApiKeySnapshot key)
    {
        var claims = new List<Claim>
        {
            new(AlbumiClaims.AccountId, key.AccountId.ToString()),
            new(AlbumiClaims.ApiKeyId, key.KeyId.ToString()),
            new(AlbumiClaims.ApiKeyCreatedAt, key.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(AlbumiClaims.Scope, s)));
        if (key.WorkspaceIds is { } workspaces)
        {
            claims.Add(new Claim(AlbumiClaims.WorkspaceRestricted, "true"));
            claims.AddRange(workspaces.Select(w => new Claim(AlbumiClaims.AllowedWorkspace, w.ToString())));
        }

        return new AlbumiPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}
