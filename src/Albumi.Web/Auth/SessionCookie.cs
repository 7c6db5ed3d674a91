namespace Albumi.Web.Auth;

/// <summary>
/// The session cookie: the opaque secret only. HttpOnly, SameSite=Lax, Path=/; over HTTPS also Secure and the
/// <c>__Host-</c> prefix, which browsers honour only for Secure, host-only, Path=/ cookies.
/// </summary>
public static class SessionCookie
{
    public const string PlainName = "albumi_session";
    public const string HostName = "__Host-albumi_session";

    public static string NameFor(HttpRequest request) => request.IsHttps ? HostName : PlainName;

    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies[NameFor(request)];
    }

    public static void Write(HttpResponse response, string secret, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(NameFor(response.HttpContext.Request), secret, Options(response.HttpContext.Request, expiresAt));
    }

    public static void Delete(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(NameFor(response.HttpContext.Request), Options(response.HttpContext.Request, expiresAt: null));
    }

    private static CookieOptions Options(HttpRequest request, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
