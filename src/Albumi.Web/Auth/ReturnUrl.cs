namespace Albumi.Web.Auth;

/// <summary>
/// Where a sign-in (or the theme switch) may send the browser afterwards: a path on this host only, never another site.
/// No control character at all: browsers drop tabs and line breaks from an address, so <c>/&lt;TAB&gt;/evil.example</c>
/// would become <c>//evil.example</c>, another site.
/// </summary>
public static class ReturnUrl
{
    public static bool IsSafe(string? url)
        => url is { Length: > 0 and <= 2048 }
           && url[0] == '/'
           && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
           && !url.Any(char.IsControl);
}
