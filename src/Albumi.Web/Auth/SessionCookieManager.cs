using Microsoft.AspNetCore.Authentication.Cookies;

namespace Albumi.Web.Auth;

/// <summary>
/// How the cookie handler reads and writes the session cookie: under the name the request's scheme calls for (see
/// <see cref="SessionCookie"/>), and not at all where the cookie must not count: a request with an
/// <c>Authorization</c> header is the API key's, cookie or not, and a request that starts a session never continues the
/// one its cookie names (the handler would renew the old session instead of storing the new one).
/// </summary>
public sealed class SessionCookieManager : ICookieManager
{
    private const string StartingSessionItem = "albumi.starting-session";

    /// <summary>Marks the request as starting a session, for sign-ins that run outside an endpoint (a provider's callback).</summary>
    public static void StartNewSession(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[StartingSessionItem] = true;
    }

    public string? GetRequestCookie(HttpContext context, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.Authorization.Count > 0 || StartsSession(context) ? null : SessionCookie.Read(context.Request);
    }

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(SessionCookie.NameFor(context.Request), value ?? string.Empty, options);
    }

    public void DeleteCookie(HttpContext context, string key, CookieOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(SessionCookie.NameFor(context.Request), options);
    }

    private static bool StartsSession(HttpContext context)
        => context.Items.ContainsKey(StartingSessionItem) || context.GetEndpoint()?.Metadata.GetMetadata<StartsSessionMetadata>() is not null;
}

/// <summary>
/// Endpoint metadata: this endpoint signs in, so the session cookie it may carry is ignored (see <see cref="SessionCookieManager"/>).
/// On a page model (the sign-in and sign-up pages, whose posts sign in) it covers the page's GET too, so the antiforgery
/// token the form carries was made for the same (anonymous) caller that posts it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class StartsSessionMetadata : Attribute;
