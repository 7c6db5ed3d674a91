namespace Albumi.Web.Auth;

/// <summary>
/// Where a sign-in (or the theme switch) may send the browser afterwards: a path on this host only, never another site. No control character
/// (browsers drop tabs and line breaks, so <c>/&lt;TAB&gt;/evil.example</c> becomes <c>//evil.example</c>) and no brace
/// (the pages' script fills <c>{name}</c> in a form's next address, so <c>/{x}/evil.example</c> would become <c>//evil.example</c>).
/// </summary>
public static class ReturnUrl
{
    public static bool IsSafe(string? url)
        => url is { Length: > 0 and <= 2048 }
           && url[0] == '/'
           && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
           && !url.Any(c => char.IsControl(c) || c is '{' or '}');
}
