using System.Security.Claims;

namespace Albumi.Web.Auth;

/// <summary>The claims a request's principal carries: who, and through which session. Never roles: those are read per request.</summary>
public static class AlbumiClaims
{
    public const string AccountId = "albumi:account";
    public const string SessionId = "albumi:session";
    public const string SecondFactor = "albumi:second-factor";

    /// <summary>On a sign-in ticket only: the provider the person signed in with (<c>password</c> or a configured one).</summary>
    public const string Provider = "albumi:provider";
    public const string ApiKeyId = "albumi:api-key";
    public const string ApiKeyCreatedAt = "albumi:api-key-created";
    public const string Scope = "albumi:scope";
    public const string WorkspaceRestricted = "albumi:workspace-restricted";
    public const string AllowedWorkspace = "albumi:workspace";

    public static Guid? GetAccountId(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.AccountId : Guid.TryParse(principal?.FindFirstValue(AccountId), out var id) ? id : null;

    /// <summary>Whether the caller may reach this workspace at all: always, unless an API key narrowed it.</summary>
    public static bool MayReachWorkspace(this ClaimsPrincipal principal, Guid workspaceId)
        => principal is AlbumiPrincipal known
            ? known.AllowedWorkspaces is not { } allowed || allowed.Contains(workspaceId)
            : principal?.FindFirst(WorkspaceRestricted) is null
              || principal.FindAll(AllowedWorkspace).Any(c => Guid.TryParse(c.Value, out var allowed) && allowed == workspaceId);

    /// <summary>Whether this session passed a second factor (sign-in with a code, enrolment, or a step-up).</summary>
    public static bool PassedSecondFactor(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.PassedSecondFactor : principal?.FindFirst(SecondFactor)?.Value == "true";

    public static bool IsApiKey(this ClaimsPrincipal principal) => principal.GetApiKeyId() is not null;

    /// <summary>The id of the caller's API key, or null for a session.</summary>
    public static string? GetApiKeyId(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.ApiKeyId : principal?.FindFirst(ApiKeyId)?.Value;

    /// <summary>Whether the caller's API key holds <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal principal, string scope)
        => principal is AlbumiPrincipal known ? known.Scopes.Contains(scope) : principal?.FindAll(Scope).Any(c => c.Value == scope) == true;

    /// <summary>When the caller's API key was created, or null for a session.</summary>
    public static DateTimeOffset? GetApiKeyCreatedAt(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.ApiKeyCreatedAt : ParseTime(principal?.FindFirstValue(ApiKeyCreatedAt));

    public static Guid? GetSessionId(this ClaimsPrincipal principal)
        => principal is AlbumiPrincipal known ? known.SessionId : Guid.TryParse(principal?.FindFirstValue(SessionId), out var id) ? id : null;

    internal static DateTimeOffset? ParseTime(string? value)
        => DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
