using System.Globalization;
using System.Security.Claims;

namespace Albumi.Web.Auth;

/// <summary>The claims a request's principal carries: who, and through which session. Never roles: those are read per request.</summary>
public static class AlbumiClaims
{
    public const string AccountId = "albumi:account";
    public const string SessionId = "albumi:session";
    public const string SecondFactor = "albumi:second-factor";

    /// <summary>On a session's principal: when it last passed a second factor (absent: never).</summary>
    public const string SecondFactorAt = "albumi:second-factor-at";

    /// <summary>On a session's principal: when the person last proved who they are on it (sign-in, password again, second factor).</summary>
    public const string AuthenticatedAt = "albumi:authenticated-at";

    /// <summary>On a sign-in ticket only: the provider the person signed in with (<c>password</c> or a configured one).</summary>
    public const string Provider = "albumi:provider";
    public const string ApiKeyId = "albumi:api-key";
    public const string ApiKeyCreatedAt = "albumi:api-key-created";
    public const string Scope = "albumi:scope";
    public const string WorkspaceRestricted = "albumi:workspace-restricted";
    public const string AllowedWorkspace = "albumi:workspace";

    public static Guid? GetAccountId(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.AccountId : ReadGuid(principal, AccountId);

    /// <summary>Whether the caller may reach this workspace at all: always, unless an API key narrowed it.</summary>
    public static bool MayReachWorkspace(this ClaimsPrincipal principal, Guid workspaceId)
        => (principal is AlbumiPrincipal known ? known.AllowedWorkspaces : ReadAllowedWorkspaces(principal)) is not { } allowed || allowed.Contains(workspaceId);

    /// <summary>Whether this session passed a second factor (sign-in with a code, enrolment, or a step-up).</summary>
    public static bool PassedSecondFactor(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.PassedSecondFactor : ReadSecondFactor(principal);

    /// <summary>
    /// Whether this session passed the second factor that has been on since <paramref name="enabledSince"/>, not only
    /// one turned off and replaced since. The two times come from different nodes' clocks (the enrolment is confirmed on
    /// a web node, the enrolling session marked by its grain's silo a moment later), so a few seconds of skew are allowed.
    /// </summary>
    public static bool PassedSecondFactorSince(this ClaimsPrincipal principal, DateTimeOffset enabledSince)
        => principal.GetSecondFactorAt() is { } passed && passed >= enabledSince - SecondFactorClockSkew;

    private static readonly TimeSpan SecondFactorClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>When this session last passed a second factor, or null (never, or not a session).</summary>
    public static DateTimeOffset? GetSecondFactorAt(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.SecondFactorAt : ReadTime(principal, SecondFactorAt);

    /// <summary>When the person last proved who they are on this session, or null (not a session).</summary>
    public static DateTimeOffset? GetAuthenticatedAt(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.AuthenticatedAt : ReadTime(principal, AuthenticatedAt);

    public static bool IsApiKey(this ClaimsPrincipal principal) => principal.GetApiKeyId() is not null;

    /// <summary>The id of the caller's API key, or null for a session.</summary>
    public static string? GetApiKeyId(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.ApiKeyId : principal?.FindFirst(ApiKeyId)?.Value;

    /// <summary>Whether the caller's API key holds <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal principal, string scope)
        => (principal is AlbumiPrincipal known ? known.Scopes : ReadScopes(principal)).Contains(scope);

    /// <summary>When the caller's API key was created, or null for a session.</summary>
    public static DateTimeOffset? GetApiKeyCreatedAt(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.ApiKeyCreatedAt : ReadTime(principal, ApiKeyCreatedAt);

    public static Guid? GetSessionId(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.SessionId : ReadGuid(principal, SessionId);

    // How each claim is read, once for all: AlbumiPrincipal reads its own claims with these when it is built, and the
    // readers above use them directly for any other principal.
    internal static Guid? ReadGuid(ClaimsPrincipal? principal, string type)
        => Guid.TryParse(principal?.FindFirst(type)?.Value, CultureInfo.InvariantCulture, out var id) ? id : null;

    internal static bool ReadSecondFactor(ClaimsPrincipal? principal) => principal?.FindFirst(SecondFactor)?.Value == "true";

    internal static DateTimeOffset? ReadTime(ClaimsPrincipal? principal, string type)
        => DateTimeOffset.TryParse(principal?.FindFirst(type)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    internal static HashSet<string> ReadScopes(ClaimsPrincipal? principal)
        => principal is null ? [] : principal.FindAll(Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The workspaces an API key is narrowed to, or null when it is not narrowed.</summary>
    internal static HashSet<Guid>? ReadAllowedWorkspaces(ClaimsPrincipal? principal)
        => principal?.FindFirst(WorkspaceRestricted) is null
            ? null
            : principal.FindAll(AllowedWorkspace).Select(c => Guid.TryParse(c.Value, CultureInfo.InvariantCulture, out var id) ? id : (Guid?)null).OfType<Guid>().ToHashSet();
}
