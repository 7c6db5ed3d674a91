using System.Net;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Auth;
using Npgsql;

namespace Albumi.Tests.Web;

/// <summary>
/// A node behind a TLS-terminating proxy: X-Forwarded-Proto and X-Forwarded-For count only when the peer is a
/// configured trusted proxy (the test server's peer is 127.0.0.1), and the session cookie is never sent without Secure
/// unless the node is told plain HTTP is meant.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly Dictionary<string, string> FromProxy = new() { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "203.0.113.5" };

    [Fact]
    public async Task BehindATrustedProxyThatSaysHttpsThePlainHttpSignInGetsAHostPrefixedSecureCookieAndHsts()
    {
        var (database, node) = await StartAsync(new() { ["Albumi:Http:TrustedProxies"] = "10.0.0.0/8, 127.0.0.1" });
        await using var _ = node;
        var (email, password) = await RegisterAsync(node);

        var signedIn = await new AccountClient(node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password }, origin: "https://localhost", headers: FromProxy);

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SessionCookie.HostName + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(signedIn.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("203.0.113.5", await LastSignInIpAsync(database, email));
    }

    [Fact]
    public async Task TheSameHeadersFromAPeerThatIsNotATrustedProxyAreIgnoredAndCannotDodgeThePerIpLimit()
    {
        var (database, node) = await StartAsync(new() { ["Albumi:Http:TrustedProxies"] = "10.9.9.9", ["Albumi:Auth:SignInAttemptsPerIp"] = "3" });
        await using var _ = node;
        var (email, password) = await RegisterAsync(node);

        var signedIn = await new AccountClient(node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password }, headers: FromProxy);

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionCookie.PlainName + "=", cookie, StringComparison.Ordinal);
        Assert.False(signedIn.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("127.0.0.1", await LastSignInIpAsync(database, email));

        // A client rotating X-Forwarded-For is still one address: its socket's.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await new AccountClient(node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin",
                new { email = AccountClient.NewEmail(), password }, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = $"192.0.2.{i + 1}" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ByDefaultANodeOnPlainHttpStillSendsTheSessionCookieSecureAndHostPrefixed()
    {
        var (_, node) = await StartAsync(new() { ["Albumi:Http:AllowInsecureCookies"] = "false" });
        await using var __ = node;
        var (email, password) = await RegisterAsync(node);

        var signedIn = await new AccountClient(node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password });

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionCookie.HostName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(signedIn.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP is ignored by browsers and must not be sent");

        // The browser sends it back under that name, and the node reads it.
        using var me = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
        me.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await node.CreateBareClient().SendAsync(me)).StatusCode);
    }

    private static async Task<(Albumi.Silo.Database.DatabaseSettings Database, AlbumiWebFactory Node)> StartAsync(Dictionary<string, string> settings)
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var node = new AlbumiWebFactory(database.OwnerConnectionString, settings: settings);
        _ = node.Server;
        return (database, node);
    }

    private static async Task<(string Email, string Password)> RegisterAsync(AlbumiWebFactory node)
    {
        var (email, password) = (AccountClient.NewEmail(), AccountClient.StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await new AccountClient(node.CreateBareClient()).RegisterAsync(email, password)).StatusCode);
        return (email, password);
    }

    private static async Task<string?> LastSignInIpAsync(Albumi.Silo.Database.DatabaseSettings database, string email)
    {
        await using var db = await TestPostgres.OpenAsync(database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("""
            SELECT host(e.ip) FROM audit.security_events e JOIN accounts a ON a.id = e.account_id
            WHERE a.email = $1 AND e.event_type = 1000 AND e.outcome = 'success' ORDER BY e.id DESC LIMIT 1
            """, db);
        query.Parameters.AddWithValue(email);
        return await query.ExecuteScalarAsync() as string;
    }
}
