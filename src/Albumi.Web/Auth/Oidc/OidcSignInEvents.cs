using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Sessions;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace Albumi.Web.Auth.Oidc;

/// <summary>
/// What happens after the provider answers: on success the account is resolved, a session started and the browser
/// sent to its return URL; on any failure (forged state, replayed callback, refused token) a 401 problem and an audit row.
/// </summary>
public sealed class OidcSignInEvents : OAuthEvents
{
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

    /// <summary>The account of the session the browser already holds, when it has a recent step-up: the only one a provider may be linked to.</summary>
    private static async Task<Guid?> SteppedUpAccountAsync(HttpContext httpContext)
    {
        var current = await httpContext.AuthenticateAsync(SessionCookieAuthentication.SchemeName);
        if (current.Principal is not { } user || user.GetAccountId() is not { } account)
        {
            return null;
        }

        var services = httpContext.RequestServices;
        return await StepUp.RefusalAsync(user, adminKeyMay: false, services.GetRequiredService<Albumi.Grains.Mfa.TotpService>(),
            services.GetRequiredService<Albumi.Grains.Time.AlbumiClock>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MfaOptions>>().Value) is null
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
