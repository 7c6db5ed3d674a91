using System.Runtime.CompilerServices;
using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Caching;
using Albumi.Grains.Sessions;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// The cookie handler's ticket store: tickets live in session grains. The key the protected cookie carries is the
/// session's secret (256 random bits; PostgreSQL keeps only its SHA-256, which names the grain), so the cookie is an
/// opaque reference and revoking the session on the server ends it everywhere at once. A live session's ticket is
/// kept on this node until the session changes anywhere (see <see cref="NodeCache"/>).
/// </summary>
public sealed class SessionTicketStore(IGrainFactory grains, NodeCache cache, SessionIssuer issuer, IOptions<SessionLifetimeOptions> lifetime) : ITicketStore
{
    private const string EndReasonItem = "albumi.session-end-reason";

    private readonly ConditionalWeakTable<SessionSnapshot, AuthenticationTicket> _tickets = new();

    /// <summary>
    /// Grain keys by secret, by the string's identity: the cookie handler hands this store the same secret string for
    /// every request of a cookie it remembers (see <see cref="RememberedTicketFormat"/>), so the hash is taken once per
    /// string, not once per request, and nothing here keeps a secret alive.
    /// </summary>
    private readonly ConditionalWeakTable<string, string> _grainKeys = new();
    private ConditionalWeakTable<SessionSnapshot, AuthenticationTicket>.CreateValueCallback? _createTicketCallback;

    private ConditionalWeakTable<SessionSnapshot, AuthenticationTicket>.CreateValueCallback _createTicket => _createTicketCallback ??= CreateTicket;

    /// <summary>Why the session is ending, for the revocation row, when the cookie handler signs this request out.</summary>
    public static void EndBecause(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[EndReasonItem] = reason;
    }

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StartAsync(ticket, null, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var client = ClientInfo.From(httpContext);
        return StartAsync(ticket, client.Ip, client.UserAgent, cancellationToken);
    }

    private async Task<string> StartAsync(AuthenticationTicket ticket, System.Net.IPAddress? ip, string? userAgent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var principal = ticket.Principal;
        var account = principal.GetAccountId() ?? throw new InvalidOperationException("A sign-in ticket must name the account.");
        var provider = principal.FindFirstValue(AlbumiClaims.Provider) ?? throw new InvalidOperationException("A sign-in ticket must name its provider.");
        var session = await issuer.StartAsync(account, provider, ip, userAgent, principal.PassedSecondFactor(), cancellationToken);
        return session.Secret;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (!_grainKeys.TryGetValue(key, out var grainKey))
        {
            if (GrainKeyOf(key) is not { } computed)
            {
                return null;
            }

            grainKey = computed;
            _grainKeys.AddOrUpdate(key, grainKey);
        }

        var session = await cache.GetOrFetchAsync(
            CacheKeys.Session(grainKey), (grains, grainKey), static s => s.grains.GetGrain<ISessionGrain>(s.grainKey).ValidateAsync(), static live => live?.ExpiresAt);
        if (session is null)
        {
            return null;
        }

        // One ticket per validated snapshot: a snapshot is immutable and this node's cache drops it the moment the session
        // changes, so every request that finds the same snapshot may share its ticket (nothing mutates a ticket it gets).
        return _tickets.GetValue(session, _createTicket);
    }

    private AuthenticationTicket CreateTicket(SessionSnapshot session)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(AlbumiClaims.AccountId, session.AccountId.ToString()),
                new Claim(AlbumiClaims.SessionId, session.SessionId.ToString()),
                new Claim(AlbumiClaims.SecondFactor, session.SecondFactorAt is null ? "false" : "true"),
                new Claim(AlbumiClaims.AuthenticatedAt, session.AuthenticatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SessionCookieAuthentication.SchemeName);
        if (session.SecondFactorAt is { } secondFactorAt)
        {
            identity.AddClaim(new Claim(AlbumiClaims.SecondFactorAt, secondFactorAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var properties = new AuthenticationProperties
        {
            IsPersistent = true,

            // Every renewal sets the expiry one idle timeout ahead, so this is when the session was last renewed.
            IssuedUtc = session.ExpiresAt - lifetime.Value.IdleTimeout,
            ExpiresUtc = session.ExpiresAt,

            // Once the expiry reaches the absolute lifetime there is nothing left to slide.
            AllowRefresh = session.ExpiresAt < session.AbsoluteExpiresAt,
        };
        return new AuthenticationTicket(new AlbumiPrincipal(identity), properties, SessionCookieAuthentication.SchemeName);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);

        // A renewal carries the ticket this store handed out. A sign-in ticket here would mean a sign-in tried to continue
        // the session its request's cookie named (see SessionCookieManager): refuse rather than keep the old session.
        if (ticket.Principal.GetSessionId() is null || GrainKeyOf(key) is not { } grainKey)
        {
            throw new InvalidOperationException("A sign-in must start a new session, not renew the one the request's cookie names.");
        }

        if (ticket.Properties.ExpiresUtc is { } expiresAt)
        {
            await grains.GetGrain<ISessionGrain>(grainKey).RenewAsync(expiresAt);
        }
    }

    public Task RemoveAsync(string key) => EndAsync(key, "signed out");

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return EndAsync(key, httpContext.Items[EndReasonItem] as string ?? "signed out");
    }

    private async Task EndAsync(string key, string reason)
    {
        if (GrainKeyOf(key) is { } grainKey)
        {
            await grains.GetGrain<ISessionGrain>(grainKey).RevokeAsync(reason);
        }
    }

    private static string? GrainKeyOf(string key) => SessionToken.TryHash(key, out var hash) ? SessionToken.GrainKey(hash) : null;
}
