namespace Albumi.Web.Auth;

/// <summary>Authorization policy names.</summary>
public static class AuthPolicies
{
    /// <summary>Any signed-in caller (a live session).</summary>
    public const string Session = "session";
}
