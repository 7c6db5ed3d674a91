namespace Albumi.Web.Auth;

/// <summary>
/// The session cookie's name: <c>__Host-albumi_session</c>, Secure (browsers honour the prefix only for Secure,
/// host-only, Path=/ cookies), over HTTPS (direct, or said by a trusted proxy) and over plain HTTP too, unless
/// <see cref="Requests.HttpEdgeOptions.AllowInsecureCookies"/> says plain HTTP is meant: then <c>albumi_session</c>
/// over plain HTTP. What it carries is the cookie handler's protected reference to a session (see <see cref="SessionTicketStore"/>).
/// </summary>
public static class SessionCookie
{
    public const string PlainName = "albumi_session";
    public const string HostName = "__Host-albumi_session";

    public static string NameFor(HttpRequest request) => IsSecure(request) ? HostName : PlainName;

    /// <summary>Whether the cookie goes out Secure: always, except over plain HTTP where insecure cookies are allowed.</summary>
    public static bool IsSecure(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHttps || !request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Requests.HttpEdgeOptions>>().Value.AllowInsecureCookies;
    }

    /// <summary>The raw cookie, if the request carries one.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies[NameFor(request)];
    }
}
