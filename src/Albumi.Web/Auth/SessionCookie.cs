namespace Albumi.Web.Auth;

/// <summary>
/// The session cookie's name: over HTTPS <c>__Host-albumi_session</c> (browsers honour the prefix only for Secure,
/// host-only, Path=/ cookies), over plain HTTP <c>albumi_session</c>. What it carries is the cookie handler's protected
/// reference to a session (see <see cref="SessionTicketStore"/>).
/// </summary>
public static class SessionCookie
{
    public const string PlainName = "albumi_session";
    public const string HostName = "__Host-albumi_session";

    public static string NameFor(HttpRequest request) => request.IsHttps ? HostName : PlainName;

    /// <summary>The raw cookie, if the request carries one.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies[NameFor(request)];
    }
}
