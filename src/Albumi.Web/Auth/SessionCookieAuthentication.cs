using System.Security.Claims;
using Albumi.Grains.Sessions;
using Albumi.Grains.Time;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// The session cookie is ASP.NET Core's cookie authentication with <see cref="SessionTicketStore"/>: the framework
/// protects the cookie, slides its expiry and raises its events; the session grains hold the tickets. Cookie: HttpOnly,
/// SameSite=Lax, Path=/, Secure and <c>__Host-</c> (see <see cref="SessionCookie"/>), persistent until the session's expiry.
/// </summary>
public static class SessionCookieAuthentication
{
    public const string SchemeName = "Session";

    public static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SessionTicketStore>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(SchemeName)
            .Configure<SessionTicketStore, AlbumiClock, IOptions<SessionLifetimeOptions>, IOptions<Requests.HttpEdgeOptions>>((options, store, clock, lifetime, edge) =>
            {
                options.SessionStore = store;
                options.TimeProvider = clock;
                options.ExpireTimeSpan = lifetime.Value.IdleTimeout;
                options.SlidingExpiration = true;
                options.Cookie.Name = SessionCookie.PlainName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = edge.Value.AllowInsecureCookies ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.Cookie.Path = "/";
                options.Cookie.IsEssential = true;
                options.CookieManager = new SessionCookieManager();
                options.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = RefuseUnauthenticatedAsync,
                    OnRedirectToAccessDenied = RefuseForbiddenAsync,
                };
            });
        builder.AddCookie(SchemeName);

        // After the framework has made its ticket format (a post-configure of AddCookie's own).
        builder.Services.PostConfigure<CookieAuthenticationOptions>(SchemeName, options => options.TicketDataFormat = new RememberedTicketFormat(options.TicketDataFormat));
        return builder;
    }

    /// <summary>Signs the request in with a new session for <paramref name="account"/>, and sets the cookie.</summary>
    public static Task StartSessionAsync(this HttpContext context, Guid account, string provider, bool secondFactorPassed)
    {
        ArgumentNullException.ThrowIfNull(context);
        SessionCookieManager.StartNewSession(context);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(AlbumiClaims.AccountId, account.ToString()),
                new Claim(AlbumiClaims.Provider, provider),
                new Claim(AlbumiClaims.SecondFactor, secondFactorPassed ? "true" : "false"),
            ],
            SchemeName));
        return context.SignInAsync(SchemeName, principal, new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>Revokes the request's own session (with <paramref name="reason"/>) and deletes its cookie.</summary>
    public static Task EndSessionAsync(this HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        SessionTicketStore.EndBecause(context, reason);
        return context.SignOutAsync(SchemeName);
    }

    private static async Task RefuseUnauthenticatedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var result = await context.HttpContext.AuthenticateAsync(SchemeName);
        var detail = result.Failure switch
        {
            null => "Sign in first.",
            _ when SessionCookie.Read(context.Request) is { } raw && context.Options.TicketDataFormat.Unprotect(raw) is null => "The session cookie is malformed.",
            _ => "The session has expired or was revoked.",
        };
        context.Response.Headers.CacheControl = "no-store";
        await Problem.NotSignedIn(detail).ExecuteAsync(context.HttpContext);
    }

    private static async Task RefuseForbiddenAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Headers.CacheControl = "no-store";
        await Problem.Forbidden().ExecuteAsync(context.HttpContext);
    }
}
