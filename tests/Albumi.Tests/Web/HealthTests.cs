using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Persistence;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Health;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Web;

public sealed class HealthTests
{
    [Fact]
    public async Task HealthzReportsDatabaseSiloMembershipAndMigrationLevel()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AlbumiWebFactory(database.OwnerConnectionString);
        using var client = factory.CreateClient();

        var response = await GetHealthyAsync(client);

        var report = await response.Content.ReadFromJsonAsync<HealthReport>();
        Assert.Equal(new HealthReport("healthy", report!.Node, "reachable", "active", Migration.All.Count), report);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task LostDatabaseAnswers503ProblemsAndTheNodeRecoversByItself()
    {
        var server = await TestPostgres.StartPrivateServerAsync();
        try
        {
            await server.EnsureDatabaseAsync("albumi", CancellationToken.None);
            await using var factory = new AlbumiWebFactory(server.ConnectionString("albumi"), services => services.AddTransient<IStartupFilter, DatabaseProbeEndpoint>());
            using var client = factory.CreateClient();
            await GetHealthyAsync(client);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/test/db", UriKind.Relative))).StatusCode);

            await server.StopAsync();

            var failed = await client.GetAsync(new Uri("/test/db", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(failed.Headers.RetryAfter);
            var body = await failed.Content.ReadAsStringAsync();
            Assert.Contains(ProblemTypes.DatabaseUnavailable, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(server.DataDirectory, body, StringComparison.Ordinal);
            var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("unreachable", (await health.Content.ReadFromJsonAsync<HealthReport>())!.Database);

            await server.StartAsync(CancellationToken.None);

            await GetHealthyAsync(client);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/test/db", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    private static async Task<HttpResponseMessage> GetHealthyAsync(HttpClient client)
    {
        HttpResponseMessage? response = null;
        await Eventually.TrueAsync(
            async () => (response = await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15),
            "the node reports healthy");
        return response!;
    }

    /// <summary>A route that queries the database as the request path does, to see how a lost database is answered.</summary>
    private sealed class DatabaseProbeEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseEndpoints(endpoints => endpoints.MapGet("/test/db", async (AlbumiDataSources db) =>
            {
                await using var command = db.App.CreateCommand("SELECT count(*) FROM OrleansRemindersTable");
                return Results.Ok(await command.ExecuteScalarAsync());
            }));
        };
    }
}
