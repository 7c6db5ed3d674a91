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

    private async Task<DateTimeOffset> LastSeenAsync(Guid account)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("SELECT last_seen_at FROM sessions WHERE account_id = $1", owner);
        query.Parameters.AddWithValue(account);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<DateTimeOffset>(0);
    }
}
