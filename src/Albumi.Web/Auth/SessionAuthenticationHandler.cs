using System.Security.Claims;
using System.Text.Encodings.Web;
using Albumi.Grains;
using Albumi.Grains.Caching;
using Albumi.Grains.Sessions;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// Authenticates a request by its session cookie: the secret is hashed and the session grain of that hash decides. A
/// request that carries an <c>Authorization</c> header is left to the API key handler, cookie or not.
/// </summary>
public sealed partial class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    NodeCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.Count > 0 || SessionCookie.Read(Request) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (!SessionToken.TryHash(secret, out var hash))
        {
            LogMalformedCookie(Logger);
            return AuthenticateResult.Fail("The session cookie is malformed.");
        }

        // A live session's validation is kept on this node until it changes anywhere; a refusal always asks the grain.
        var grainKey = SessionToken.GrainKey(hash);
        var session = await cache.GetOrFetchAsync(
            CacheKeys.Session(grainKey), grains.GetGrain<ISessionGrain>(grainKey).ValidateAsync, live => live?.ExpiresAt);
        if (session is null)
        {
            return AuthenticateResult.Fail("The session has expired or was revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(AlbumiClaims.AccountId, session.AccountId.ToString()),
                new Claim(AlbumiClaims.SessionId, session.SessionId.ToString()),
                new Claim(AlbumiClaims.SecondFactor, session.SecondFactorPassed ? "true" : "false"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.CacheControl = "no-store";
        await Problem.NotSignedIn(result.Failure?.Message ?? "Sign in first.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Headers.CacheControl = "no-store";
        await Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden.", "Your role does not allow this.").ExecuteAsync(Context);
    }

    [LoggerMessage(6001, LogLevel.Information, "Refused a malformed session cookie.")]
    private static partial void LogMalformedCookie(ILogger logger);
}
