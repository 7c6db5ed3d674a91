using System.Net;
using Albumi.Grains.Time;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Me;
using Npgsql;

namespace Albumi.Tests.Identity;

public sealed class SessionLifetimeTests() : WebNodesTest
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    protected override AlbumiClock? Clock => _clock;

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Sessions:IdleTimeout"] = "01:00:00",
        ["Albumi:Sessions:AbsoluteTimeout"] = "03:00:00",
        ["Albumi:Sessions:RenewalWriteInterval"] = "00:10:00",
    };

    [Fact]
    public async Task AnIdleSessionExpires()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();

        _clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task UseSlidesTheExpiryButNeverPastTheAbsoluteLifetime()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();

        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(40)); // each step within the 60-minute idle timeout
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(25)); // idle 25 minutes only, but 185 minutes after sign-in: past the absolute 180
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task TheRenewalIsWrittenAtMostOncePerInterval()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();
        var me = await client.GetJsonAsync<MeResponse>("/v1/me");
        var signedInAt = await LastSeenAsync(me.Id);

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await client.GetAsync("/v1/me");
        }

        Assert.Equal(signedInAt, await LastSeenAsync(me.Id));
        _clock.Advance(TimeSpan.FromMinutes(6));
        await client.GetAsync("/v1/me");
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), (await LastSeenAsync(me.Id)).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task PastHalfTheIdleTimeoutTheCookieHandlerRenewsTheCookieAndTheSessionTogether()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();
        var me = await client.GetJsonAsync<MeResponse>("/v1/me");

        _clock.Advance(TimeSpan.FromMinutes(20));
        var early = await client.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Null(AccountClient.ReadSessionCookie(early)); // under half of the idle timeout: nothing to renew

        _clock.Advance(TimeSpan.FromMinutes(15));
        var renewing = await client.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.OK, renewing.StatusCode);
        var header = Assert.Single(renewing.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Albumi.Web.Auth.SessionCookie.PlainName + "=", StringComparison.Ordinal));
        var renewedUntil = _clock.GetUtcNow() + TimeSpan.FromHours(1);
        var cookieExpires = DateTimeOffset.Parse(header.Split(';').Single(p => p.Trim().StartsWith("expires=", StringComparison.OrdinalIgnoreCase)).Split('=', 2)[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cookieExpires, renewedUntil.AddSeconds(-2), renewedUntil.AddSeconds(1));
        Assert.InRange(await ExpiresAtAsync(me.Id), renewedUntil.AddSeconds(-1), renewedUntil); // the handler keeps whole seconds
        Assert.Equal(SessionCookies.SecretIn(Node.Services, client.SessionCookieValue!), SessionCookies.SecretIn(Node.Services, AccountClient.ReadSessionCookie(renewing)!));

        // 50 minutes after the renewal (85 after sign-in, past the first expiry) the session lives, with either cookie.
        _clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
    }

    private Task<DateTimeOffset> ExpiresAtAsync(Guid account) => SessionTimeAsync(account, "expires_at");

    private Task<DateTimeOffset> LastSeenAsync(Guid account) => SessionTimeAsync(account, "last_seen_at");

    /// <summary>A time column of the account's one session row.</summary>
    private async Task<DateTimeOffset> SessionTimeAsync(Guid account, string column)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand($"SELECT {column} FROM sessions WHERE account_id = $1", owner);
        query.Parameters.AddWithValue(account);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<DateTimeOffset>(0);
    }
}
