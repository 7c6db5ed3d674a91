using System.Net;
using System.Net.Http.Json;
using Albumi.Silo.Database;
using Albumi.Testing;
using Albumi.Tests.Infrastructure;
using Npgsql;

namespace Albumi.Tests.Web;

/// <summary>The nodes as processes, started the way the README's run command starts them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunCommandTests
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WithoutAConnectionStringTheWebNodeRunsItsOwnClusterAndStopsItOnExit()
    {
        var dataDirectory = TestPostgres.NewDataDirectory();
        var port = NodeProcess.FreePort();
        try
        {
            await using var node = TestNode.Start("Albumi.Web", new Dictionary<string, string>
            {
                ["Albumi__Embedded__DataDirectory"] = dataDirectory,
                ["Albumi__Encryption__MasterKeyFile"] = "",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            });
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            await Eventually.TrueAsync(() => NodeHealth.IsHealthyAsync(client), StartPatience, "the node served /healthz: " + node.Output);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the embedded cluster runs in the data folder");
            await EnrolTotpAsync(client, $"http://127.0.0.1:{port}");
            var masterKey = Path.Combine(Path.GetDirectoryName(dataDirectory)!, "master.key");
            Assert.True(File.Exists(masterKey), "the embedded default created its master key beside the data folder");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(masterKey));

            Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(30)));
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the embedded cluster was stopped on exit");
        }
        finally
        {
            await new EmbeddedPostgres(dataDirectory).StopAsync();
        }
    }

    [Fact]
    public async Task MissingPostgresBinariesEndTheRunWithOneLineNamingThePackage()
    {
        await using var node = TestNode.Start("Albumi.Web", new Dictionary<string, string>
        {
            ["Albumi__Embedded__DataDirectory"] = TestPostgres.NewDataDirectory(),
            ["Albumi__Embedded__PostgresBinDirectory"] = "/nonexistent/postgresql/bin",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{NodeProcess.FreePort()}",
        });

        Assert.Equal(1, await node.WaitForExitAsync(StartPatience));
        Assert.Contains("apt-get install -y postgresql", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabaseAtStartIsRetriedWithOneLinePerAttemptUntilItComes()
    {
        var server = await TestPostgres.StartPrivateServerAsync();
        await server.EnsureDatabaseAsync("albumi", CancellationToken.None);
        await server.StopAsync();
        var port = NodeProcess.FreePort();
        try
        {
            await using var node = TestNode.Start("Albumi.Web", new Dictionary<string, string>
            {
                ["ConnectionStrings__Albumi"] = server.ConnectionString("albumi"),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            });
            await Eventually.TrueAsync(() => node.Output.Contains("is unreachable", StringComparison.Ordinal), StartPatience, "the node said the database is unreachable");

            await server.StartAsync(CancellationToken.None);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.TrueAsync(() => NodeHealth.IsHealthyAsync(client), StartPatience, "the node came up once the database did: " + node.Output);
            Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
            Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await server.StopAsync();
        }
    }

    [Fact]
    public async Task TheHeadlessNodeJoinsTheClusterAsAnActiveSiloAndLeavesItWhenStopped()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = TestNode.Start("Albumi.Silo", new Dictionary<string, string>
        {
            ["ConnectionStrings__Albumi"] = database.OwnerConnectionString,
            ["Orleans__Name"] = "headless-under-test",
        });

        await Eventually.TrueAsync(
            async () =>
            {
                await using var owner = await TestPostgres.OpenAsync(database.OwnerConnectionString);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE SiloName = 'headless-under-test' AND Status = 3", owner);
                return (long)(await command.ExecuteScalarAsync())! == 1;
            },
            StartPatience,
            "the headless silo is active in Orleans' membership table: " + node.Output);

        Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(30)));
        await using var check = await TestPostgres.OpenAsync(database.OwnerConnectionString);
        await using var stopped = new NpgsqlCommand("SELECT bool_and(Status = 6) FROM OrleansMembershipTable WHERE SiloName = 'headless-under-test'", check);
        Assert.Equal(true, await stopped.ExecuteScalarAsync());
    }

    /// <summary>Registers, signs in and starts a TOTP enrolment: the first use of the field-encryption key ring.</summary>
    private static async Task EnrolTotpAsync(HttpClient client, string origin)
    {
        var (email, password) = ($"run-{Guid.NewGuid():N}@example.test", "Run-Command-" + Guid.NewGuid().ToString("N")[..10]);
        (await client.PostAsJsonAsync("/auth/password/register", new { email, password, displayName = "Run" })).EnsureSuccessStatusCode();
        var signIn = await client.PostAsJsonAsync("/auth/password/signin", new { email, password });
        using var enrol = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/me/mfa/totp", UriKind.Relative));
        enrol.Headers.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").First().Split(';')[0]);
        enrol.Headers.Add("Origin", origin);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(enrol)).StatusCode);
    }
}
