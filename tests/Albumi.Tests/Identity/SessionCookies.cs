using System.Security.Claims;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Albumi.Tests.Identity;

/// <summary>
/// The session cookie as ASP.NET Core's cookie handler writes it, through a node's own protection keys: a protected
/// ticket whose one claim is the session's key (its secret).
/// </summary>
public static class SessionCookies
{
    /// <summary>The claim type the cookie handler puts the ticket store's key under.</summary>
    private const string SessionKeyClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    /// <summary>The cookie value a sign-in would have set for a session with this secret.</summary>
    public static string For(IServiceProvider node, string secret)
        => Format(node).Protect(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(SessionKeyClaim, secret)], SessionCookieAuthentication.SchemeName)),
            SessionCookieAuthentication.SchemeName));

    /// <summary>What the cookie carries, unprotected; null when it is not a cookie these keys protected.</summary>
    public static AuthenticationTicket? Open(IServiceProvider node, string cookieValue) => Format(node).Unprotect(cookieValue);

    /// <summary>The session secret inside a cookie.</summary>
    public static string SecretIn(IServiceProvider node, string cookieValue)
        => Open(node, cookieValue)?.Principal.FindFirst(SessionKeyClaim)?.Value ?? throw new InvalidOperationException("The cookie carries no session key.");

    private static ISecureDataFormat<AuthenticationTicket> Format(IServiceProvider node)
        => node.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionCookieAuthentication.SchemeName).TicketDataFormat;
}
