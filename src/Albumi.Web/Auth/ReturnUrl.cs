namespace Albumi.Web.Auth;

/// <summary>Where a sign-in may send the browser afterwards: a path on this host only, never another site.</summary>
public static class ReturnUrl
{
    public static bool IsSafe(string? url)
        => url is { Length: > 0 and <= 2048 }
           && url[0] == '/'
           && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
           && !url.Contains('\r', StringComparison.Ordinal) && !url.Contains('\n', StringComparison.Ordinal);
}
