using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Silo.Database;
using Albumi.Testing;
using Albumi.Tests.Infrastructure;
using Npgsql;

namespace Albumi.Tests.Web;

/// <summary>
/// The README's commands played as an operator plays them: a web node on the embedded database, and the headless node's
/// operator commands run beside it from the same shell (so with the same ports in the environment). The node must stay
/// healthy and active, and the commands must leave its database running. And a node must leave when told to, within
/// its shutdown timeout, even when its database is gone or its silo was declared dead.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NodeBesideOperatorsTests
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CommandPatience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task OperatorCommandsBesideARunningNodeLeaveItsDatabaseAndSiloServing()
    {
        var dataDirectory = TestPostgres.NewDataDirectory();
        var shell = Shell(dataDirectory);
        var url = $"http://127.0.0.1:{NodeProcess.FreePort()}";
        try
        {
            await using var node = TestNode.Start("Albumi.Web", new Dictionary<string, string>(shell) { ["ASPNETCORE_URLS"] = url });
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            await Eventually.TrueAsync(() => NodeHealth.IsHealthyAsync(client), StartPatience, "the node served /healthz: " + node.Output);
            var email = await RegisterAsync(client);

            var (granted, grantOutput) = await RunCommandAsync(shell, "operators", "grant", email);
            Assert.True(granted == 0, "operators grant succeeded: " + grantOutput);
            Assert.Contains($"{email} is now a platform operator", grantOutput, StringComparison.Ordinal);
            await AssertServingAsync(client, node, "after operators grant");

            var (refused, refusedOutput) = await RunCommandAsync(shell, "operators", "grant", $"nobody-{Guid.NewGuid():N}@example.test");
            Assert.True(refused == 1, "granting an unknown account fails: " + refusedOutput);
            await AssertServingAsync(client, node, "after a failed operators grant");

            var (listed, listOutput) = await RunCommandAsync(shell, "operators", "list");
            Assert.True(listed == 0, "operators list succeeded: " + listOutput);
            Assert.Contains(email, listOutput, StringComparison.Ordinal);

            var (status, statusOutput) = await RunCommandAsync(shell, "keys", "status");
            Assert.True(status == 0, "keys status succeeded: " + statusOutput);
            Assert.Contains("(current)", statusOutput, StringComparison.Ordinal);
            await AssertServingAsync(client, node, "after keys status");

            Assert.Equal(0, await node.TerminateAsync(TimeSpan.FromSeconds(30)));
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the node stopped the embedded cluster it started");
        }
        finally
        {
            await new EmbeddedPostgres(dataDirectory).StopAsync();
        }
    }

    [Fact]
    public async Task AnOperatorCommandRunAloneStopsTheEmbeddedDatabaseItStarted()
    {
        var dataDirectory = TestPostgres.NewDataDirectory();
        try
        {
            var (listed, output) = await RunCommandAsync(Shell(dataDirectory), "operators", "list");

            Assert.True(listed == 0, "operators list succeeded: " + output);
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the command stopped the cluster it started");
        }
        finally
        {
            await new EmbeddedPostgres(dataDirectory).StopAsync();
        }
    }

    [Fact]
    public async Task NodeWhoseDatabaseStoppedUnderItStopsOnSigtermWithinItsShutdownTimeout()
    {
        var dataDirectory = TestPostgres.NewDataDirectory();
        var url = $"http://127.0.0.1:{NodeProcess.FreePort()}";
        var shutdownTimeout = TimeSpan.FromSeconds(10);
        try
        {
            await using var node = TestNode.Start("Albumi.Web", new Dictionary<string, string>(Shell(dataDirectory))
            {
                ["ASPNETCORE_URLS"] = url,
                ["Albumi__ShutdownTimeout"] = shutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
            });
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            await Eventually.TrueAsync(() => NodeHealth.IsHealthyAsync(client), StartPatience, "the node served /healthz: " + node.Output);

            await new EmbeddedPostgres(dataDirectory).StopAsync();
            await Eventually.TrueAsync(
                async () => (await HealthAsync(client)).GetProperty("database").GetString() == "unreachable", StartPatience, "the node saw its database go");

            var stopping = Stopwatch.StartNew();
            var code = await node.TerminateAsync(shutdownTimeout + TimeSpan.FromSeconds(5));
            Assert.True(stopping.Elapsed < shutdownTimeout + TimeSpan.FromSeconds(5), $"stopped in {stopping.Elapsed}");
            Assert.True(code is 0 or 1, $"exit code {code}: {node.Output}");
        }
        finally
        {
            await new EmbeddedPostgres(dataDirectory).StopAsync();
        }
    }

    [Fact]
    public async Task NodeWhoseSiloWasDeclaredDeadWhileFrozenExitsWithItsOwnCodeOnceThawed()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var nodes = new List<NodeProcess>();
        try
        {
            foreach (var name in new[] { "thaw-survivor", "thaw-frozen" })
            {
                var url = $"http://127.0.0.1:{NodeProcess.FreePort()}";
                var node = TestNode.Start("Albumi.Web", new Dictionary<string, string>
                {
                    ["ConnectionStrings__Albumi"] = database.OwnerConnectionString,
                    ["ASPNETCORE_URLS"] = url,
                    ["Orleans__Name"] = name,
                });
                nodes.Add(node);
                using var client = new HttpClient { BaseAddress = new Uri(url) };
                await Eventually.TrueAsync(() => NodeHealth.IsHealthyAsync(client), StartPatience, $"{name} served /healthz: " + node.Output);
            }

            var frozen = nodes[1];
            await frozen.SignalAsync("STOP");
            await Eventually.TrueAsync(
                async () =>
                {
                    await using var owner = await TestPostgres.OpenAsync(database.OwnerConnectionString);
                    await using var dead = new NpgsqlCommand("SELECT 1 FROM OrleansMembershipTable WHERE SiloName = 'thaw-frozen' AND Status = 6", owner);
                    return await dead.ExecuteScalarAsync() is not null;
                },
                StartPatience,
                "the frozen node's silo was declared dead");
            await frozen.SignalAsync("CONT");

            Assert.Equal(3, await frozen.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("was declared dead by the cluster", frozen.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>One shell's environment: the embedded database in a folder of the test's, and the node's ports.</summary>
    private static Dictionary<string, string> Shell(string dataDirectory) => new()
    {
        ["Albumi__Embedded__DataDirectory"] = dataDirectory,
        ["Albumi__Encryption__MasterKeyFile"] = "",
        ["Albumi__Auth__LocalAccounts"] = "true",
        ["Orleans__Endpoints__SiloPort"] = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Orleans__Endpoints__GatewayPort"] = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture),
    };

    private static async Task<(int ExitCode, string Output)> RunCommandAsync(Dictionary<string, string> shell, params string[] command)
    {
        await using var process = TestNode.Start("Albumi.Silo", shell, command);
        var code = await process.WaitForExitAsync(CommandPatience);
        return (code, process.Output);
    }

    private static async Task AssertServingAsync(HttpClient client, NodeProcess node, string when)
    {
        var health = await HealthAsync(client);
        Assert.True(
            health.GetProperty("database").GetString() == "reachable" && health.GetProperty("silo").GetString() == "active",
            $"{when}, /healthz says {health}: {node.Output}");
    }

    /// <summary>The body of /healthz, whatever its status (503 names what is wrong).</summary>
    private static async Task<JsonElement> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> RegisterAsync(HttpClient client)
    {
        var (email, password) = ($"operator-{Guid.NewGuid():N}@example.test", "Operator-Password-" + Guid.NewGuid().ToString("N")[..10]);
        var registered = await client.PostAsJsonAsync(new Uri("/auth/password/register", UriKind.Relative), new { email, password, displayName = "Operator" });
        Assert.True(registered.IsSuccessStatusCode, $"registration answered {registered.StatusCode}");
        return email;
    }
}
