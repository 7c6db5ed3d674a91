using System.Globalization;
using System.Net;
using Albumi.Silo.Hosting;
using Albumi.Testing;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Web;

/// <summary>
/// The Prometheus scrape endpoint (<see cref="AlbumiTelemetry"/>) on a port of its own: after sign-ins that succeed
/// and fail and a sign-out, a scrape shows HTTP server, Orleans, Npgsql and Albumi's meters with those outcomes.
/// </summary>
public sealed class MetricsEndpointTests : WebNodesTest
{
    private readonly int _port = NodeProcess.FreePort();

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [AlbumiTelemetry.PrometheusSetting] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}/"),
    };

    [Fact]
    public async Task TheScrapeEndpointExposesHttpOrleansDatabaseAndAlbumiMeters()
    {
        var account = new AccountClient(Node.CreateBareClient());
        var (email, _) = await account.RegisterAndSignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await account.GetAsync("/v1/me")).StatusCode);
        var wrong = await new AccountClient(Node.CreateBareClient()).SignInAsync(email, "not-the-password-" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await account.PostAsync("/auth/signout")).StatusCode);

        using var scraper = new HttpClient();
        var response = await scraper.GetAsync(new Uri($"http://127.0.0.1:{_port}/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.Matches("""(?m)^http_server_request_duration_seconds_count\{[^}]*http_route="/v1/me/?"[^}]*\} [1-9]""", scrape);
        Assert.Matches("""(?m)^orleans_\w+""", scrape);
        Assert.Matches("""(?m)^db_client_\w+""", scrape);
        Assert.Matches("""(?m)^albumi_sign_ins_total\{[^}]*outcome="success"[^}]*\} [1-9]""", scrape);
        Assert.Matches("""(?m)^albumi_sign_ins_total\{[^}]*outcome="failure"[^}]*\} [1-9]""", scrape);
        Assert.Matches("""(?m)^albumi_revocations_total\{[^}]*trigger="sign_out"[^}]*\} 1""", scrape);
        Assert.DoesNotContain(email, scrape, StringComparison.OrdinalIgnoreCase);
    }
}
