using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Mfa;
using Albumi.Grains.Sessions;
using Albumi.Grains.Time;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth.Oidc;

/// <summary>
/// What happens after the provider answers: on success the account is resolved, a session started and the browser
/// sent to its return URL; on any failure (forged state, replayed callback, refused token) a 401 problem and an audit row.
/// </summary>
public sealed class OidcSignInEvents : OAuthEvents
{
    /// <summary>The claim type the cookie handler puts the ticket store's key under.</summary>
    private const string SessionKeyClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public OidcSignInEvents()
    {
        OnTicketReceived = TicketReceivedAsync;
        OnRemoteFailure = RemoteFailureAsync;
        OnAccessDenied = context => RespondFailureAsync(context.HttpContext, ((OidcProviderOptions)context.Options).ProviderKey, "access denied", () => context.HandleResponse());
    }

    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        var provider = ((OidcProviderOptions)context.Options).ProviderKey;
        var principal = context.Principal!;
        var login = new ExternalLogin(
            provider,
            principal.FindFirst(OidcClaims.Subject)!.Value,
            principal.FindFirst(OidcClaims.Email)?.Value,
            principal.FindFirst(OidcClaims.EmailVerified)?.Value == "true");
        var services = context.HttpContext.RequestServices;
        var client = ClientInfo.From(context.HttpContext);
        var (accountId, refusal) = await services.GetRequiredService<ExternalSignIn>().ResolveAsync(
            login, principal.FindFirst(OidcClaims.Name)?.Value, client, await SteppedUpAccountAsync(context.HttpContext));
        if (accountId is not { } account)
        {
            await RespondFailureAsync(context.HttpContext, provider, refusal!, context.HandleResponse);
            return;
        }

        await context.HttpContext.StartSessionAsync(account, provider, secondFactorPassed: false);
        await services.GetRequiredService<SecurityAuditLog>().WriteAsync(new SecurityEvent(
            SecurityEventType.SignIn, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent, Provider: provider));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(ReturnUrl.IsSafe(context.ReturnUri) ? context.ReturnUri! : "/");
        context.HandleResponse();
    }

    /// <summary>
    /// The account of the session the browser already holds, when it has a recent step-up: the only one a provider may
    /// be linked to. Read from the ticket store directly, not through the cookie handler, which would then renew that
    /// session instead of starting the new one.
    /// </summary>
    private static async Task<Guid?> SteppedUpAccountAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionCookieAuthentication.SchemeName);
        var key = SessionCookie.Read(httpContext.Request) is { } raw ? cookie.TicketDataFormat.Unprotect(raw)?.Principal.FindFirst(SessionKeyClaim)?.Value : null;
        if (key is null || cookie.SessionStore is null
            || await cookie.SessionStore.RetrieveAsync(key, httpContext, httpContext.RequestAborted) is not { Principal: var user }
            || user.GetAccountId() is not { } account)
        {
            return null;
        }

        return await StepUp.RefusalAsync(user, adminKeyMay: false, services.GetRequiredService<TotpService>(), services.GetRequiredService<AlbumiClock>(),
            services.GetRequiredService<IOptions<MfaOptions>>().Value) is null
            ? account
            : null;
    }

    private static Task RemoteFailureAsync(RemoteFailureContext context)
    {
        var reason = context.Failure switch
        {
            OidcSignInException oidc => oidc.Reason,
            { Message: var m } when m.Contains("state", StringComparison.OrdinalIgnoreCase) => "invalid state",
            { Message: var m } when m.Contains("Correlation", StringComparison.OrdinalIgnoreCase) => "correlation failed (forged or replayed callback)",
            _ => "provider error",
        };
        return RespondFailureAsync(context.HttpContext, ((OidcProviderOptions)context.Options).ProviderKey, reason, context.HandleResponse);
    }

    private static async Task RespondFailureAsync(HttpContext httpContext, string provider, string reason, Action handled)
    {
        var client = ClientInfo.From(httpContext);
        await httpContext.RequestServices.GetRequiredService<SecurityAuditLog>().WriteAsync(new SecurityEvent(
            SecurityEventType.SignIn, SecurityOutcome.Failure, Ip: client.Ip, UserAgent: client.UserAgent, Provider: provider, Reason: reason));
        httpContext.Response.Headers.CacheControl = "no-store";
        await Problem.Create(StatusCodes.Status401Unauthorized, ProblemTypes.SignInFailed, "Sign-in failed.", $"The sign-in with {provider} was refused: {reason}.").ExecuteAsync(httpContext);
        handled();
    }
}
