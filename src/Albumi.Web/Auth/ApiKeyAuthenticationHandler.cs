using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Albumi.Grains;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Caching;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer alb_…</c>. The key is hashed and the key grain of that hash decides; the
/// principal carries the account, the key id, its scopes and its workspace restriction, never a role. A revoked or
/// expired key is refused with a problem type saying which, and recorded as a security alert for its owner.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    NodeCache cache,
    SecurityAuditLog audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string RefusalKey = "albumi.api-key-refusal";

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

        var key = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null;
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return Refuse(ProblemTypes.InvalidApiKey, "The Authorization header holds no well-formed Albumi API key (Bearer alb_…).");
        }

        // A valid key's check is kept on this node until it changes anywhere; a refusal always asks the grain (and is audited).
        var grainKey = ApiKeyFormat.GrainKeyOf(key);
        var check = await cache.GetOrFetchAsync(
            CacheKeys.ApiKey(grainKey),
            (grains, grainKey),
            static s => s.grains.GetGrain<IApiKeyGrain>(s.grainKey).ValidateAsync(),
            static valid => valid.Status == ApiKeyStatus.Valid ? valid.Key!.ExpiresAt ?? DateTimeOffset.MaxValue : null);
        switch (check.Status)
        {
            case ApiKeyStatus.Valid:
                return AuthenticateResult.Success(Tickets.GetValue(check.Key!, static key => new AuthenticationTicket(Principal(key), SchemeName)));
            case ApiKeyStatus.Revoked or ApiKeyStatus.Expired:
                var reason = check.Status == ApiKeyStatus.Revoked ? "revoked key" : "expired key";
                var client = ClientInfo.From(Context);
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.ApiKeyRefused, SecurityOutcome.Failure, AccountId: check.Key!.AccountId,
                    Ip: client.Ip, UserAgent: client.UserAgent, Provider: "api-key", Reason: reason, Metadata: new Dictionary<string, string> { ["prefix"] = check.Key.Prefix }));
                return check.Status == ApiKeyStatus.Revoked
                    ? Refuse(ProblemTypes.ApiKeyRevoked, "This API key was revoked.")
                    : Refuse(ProblemTypes.ApiKeyExpired, "This API key has expired.");
            default:
                return Refuse(ProblemTypes.InvalidApiKey, "This API key is not valid.");
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
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
