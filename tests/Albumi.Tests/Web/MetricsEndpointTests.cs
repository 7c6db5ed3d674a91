using System.Globalization;
using System.Net;
using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Albumi.Testing;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Web;

/// <summary>
/// The Prometheus scrape endpoint (<see cref="AlbumiTelemetry"/>) on a port of its own: after sign-ins that succeed
/// and fail and a sign-out, a scrape shows HTTP server, Orleans, Npgsql and Albumi's meters with those outcomes. The
/// node is a process of its own: a meter listener hears every meter of its name in a process, so a node hosted beside
/// other tests' nodes would count their sign-outs too.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly int _port = NodeProcess.FreePort();
    private readonly int _metricsPort = NodeProcess.FreePort();
    private DatabaseSettings _database = null!;
    private NodeProcess _node = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _node = TestNode.Start("Albumi.Web", new Dictionary<string, string>
        {
            ["ConnectionStrings__Albumi"] = _database.OwnerConnectionString,
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}"),
            ["Orleans__Name"] = "metrics-node",
            ["Albumi__Auth__LocalAccounts"] = "true",
            ["Albumi__Mfa__RequiredForOwners"] = "false",
            [AlbumiTelemetry.PrometheusSetting.Replace(":", "__", StringComparison.Ordinal)] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_metricsPort}/"),
        });
        using var probe = NewClient();
        await Eventually.TrueAsync(async () => await NodeHealth.IsHealthyAsync(probe), Patience, "the node serves /healthz: " + _node.Output);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task TheScrapeEndpointExposesHttpOrleansDatabaseAndAlbumiMeters()
    {
        var account = new AccountClient(NewClient());
        var (email, _) = await account.RegisterAndSignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await account.GetAsync("/v1/me")).StatusCode);
        var wrong = await new AccountClient(NewClient()).SignInAsync(email, "not-the-password-" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await account.PostAsync("/auth/signout")).StatusCode);

        using var scraper = new HttpClient();
        var response = await scraper.GetAsync(new Uri($"http://127.0.0.1:{_metricsPort}/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.Matches("""(?m)^http_server_request_duration_seconds_count\{[^}]*http_route="/v1/me/?"[^}]*\} [1-9]""", scrape);
        Assert.Matches("""(?m)^orleans_\w+""", scrape);
        Assert.Matches("""(?m)^db_client_\w+""", scrape);
        Assert.Matches("""(?m)^albumi_sign_ins_total\{[^}]*outcome="success"[^}]*\} [1-9]""", scrape);
        Assert.Matches("""(?m)^albumi_sign_ins_total\{[^}]*outcome="failure"[^}]*\} [1-9]""", scrape);
        Assert.Matches("""(?m)^albumi_revocations_total\{[^}]*trigger="sign_out"[^}]*\} 1(\s|$)""", scrape);
        Assert.DoesNotContain(email, scrape, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A client of the node as a browser on its own origin sends (http://localhost), as behind a proxy that keeps the Host.</summary>
    private HttpClient NewClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}")) };
        http.DefaultRequestHeaders.Host = "localhost";
        return http;
    }
}
