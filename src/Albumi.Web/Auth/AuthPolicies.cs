namespace Albumi.Web.Auth;

/// <summary>Authentication schemes and authorization policy names.</summary>
public static class AuthPolicies
{
    /// <summary>The default scheme: the API key handler when an Authorization header is present, else the session cookie.</summary>
    public const string DefaultScheme = "Albumi";

    /// <summary>A caller signed in by session cookie or API key.</summary>
    public const string SignedIn = "signed-in";
}
