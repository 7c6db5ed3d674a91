using System.Security.Claims;

namespace Albumi.Web.Auth;

/// <summary>
/// The principal of an authenticated request, a session's or an API key's. Its claims are the whole truth; what Albumi
/// reads from them on every request (the account, the session, the key, its scopes and workspaces) is parsed once here,
/// when the principal is built, because one principal serves every request of the same validated session or key (see
/// <see cref="SessionTicketStore"/> and <see cref="ApiKeyAuthenticationHandler"/>). <see cref="AlbumiClaims"/> reads
/// these and falls back to the claims for any other principal (a sign-in's, before it has a session).
/// </summary>
public sealed class AlbumiPrincipal : ClaimsPrincipal
{
    public AlbumiPrincipal(ClaimsIdentity identity)
        : base(identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        AccountId = AlbumiClaims.ReadGuid(this, AlbumiClaims.AccountId);
        SessionId = AlbumiClaims.ReadGuid(this, AlbumiClaims.SessionId);
        PassedSecondFactor = AlbumiClaims.ReadSecondFactor(this);
        SecondFactorAt = AlbumiClaims.ReadTime(this, AlbumiClaims.SecondFactorAt);
        AuthenticatedAt = AlbumiClaims.ReadTime(this, AlbumiClaims.AuthenticatedAt);
        ApiKeyId = FindFirst(AlbumiClaims.ApiKeyId)?.Value;
        ApiKeyCreatedAt = AlbumiClaims.ReadTime(this, AlbumiClaims.ApiKeyCreatedAt);
        Scopes = AlbumiClaims.ReadScopes(this);
        AllowedWorkspaces = AlbumiClaims.ReadAllowedWorkspaces(this);
    }

    public Guid? AccountId { get; }

    public Guid? SessionId { get; }

    public bool PassedSecondFactor { get; }

    public DateTimeOffset? SecondFactorAt { get; }

    public DateTimeOffset? AuthenticatedAt { get; }

    public string? ApiKeyId { get; }

    public DateTimeOffset? ApiKeyCreatedAt { get; }

    public IReadOnlySet<string> Scopes { get; }

    /// <summary>The only workspaces an API key may reach, or null: no restriction.</summary>
    public IReadOnlySet<Guid>? AllowedWorkspaces { get; }
}
