using System.Diagnostics;
using System.Globalization;
using System.Net;
using Albumi.Silo.Database;
using Albumi.Testing;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Xunit.Abstractions;

namespace Albumi.Tests.Lifecycle;

/// <summary>
/// Two web nodes run as processes, as an operator runs them, on one database. The node that purges a deleted workspace
/// is killed outright (SIGKILL: no shutdown, no goodbye to the cluster); the other declares it dead, takes over its
/// reminders and finishes the purge, while its own requests keep being served, with sessions whose grains lived on the
/// killed node among them (without <c>SiloFailureRetry</c> one of those fails). Times are printed, not asserted: the
/// failover benchmark reports them.
/// </summary>
public sealed class PurgeFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private const int SessionsPerNode = 4;

    private readonly List<(NodeProcess Process, HttpClient Http)> _nodes = [];
    private DatabaseSettings _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        for (var i = 0; i < 2; i++)
        {
            var port = NodeProcess.FreePort();
            var process = TestNode.Start("Albumi.Web", new Dictionary<string, string>
            {
                ["ConnectionStrings__Albumi"] = _database.OwnerConnectionString,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Orleans__Name"] = $"failover-node-{i}",
                ["Albumi__Auth__LocalAccounts"] = "true",
                ["Albumi__Mfa__RequiredForOwners"] = "false",
                ["Albumi__Lifecycle__WorkspaceGracePeriod"] = "00:00:01",
                ["Albumi__Lifecycle__ReminderPeriod"] = "00:00:01",
                ["Albumi__Lifecycle__PurgeBatchSize"] = "20",
                ["Albumi__Lifecycle__PurgeBatchPause"] = "00:00:00.050",
            });

            // The nodes' own origin is http://localhost (the test clients' Origin), as behind a proxy that keeps the Host.
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Host = "localhost";
            _nodes.Add((process, http));
        }

        foreach (var (process, http) in _nodes)
        {
            await Eventually.TrueAsync(
                async () => await NodeHealth.IsHealthyAsync(http), Patience, "the node serves /healthz as an active silo: " + process.Output);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (process, http) in _nodes)
        {
            http.Dispose();
            if (!process.HasExited)
            {
                await process.SignalAsync("CONT");
            }
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task AHardDeleteWhoseNodeIsKilledIsFinishedByTheSurvivorAndTouchesNoOtherTenant()
    {
        var owner = new AccountClient(_nodes[0].Http);
        var (email, password) = await owner.RegisterAndSignInAsync();
        var doomed = (await owner.CreateWorkspaceAsync("Doomed")).Id;
        var neighbour = (await owner.CreateWorkspaceAsync("Neighbour")).Id;
        foreach (var ws in new[] { doomed, neighbour })
        {
            var app = await owner.CreateEntityAsync(ws, "applications", new { name = "App" });
            await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "hello" });
        }

        await WorkspaceSeed.EntitiesAsync(_database.OwnerConnectionString, doomed, 3000);
        await WorkspaceSeed.EntitiesAsync(_database.OwnerConnectionString, neighbour, 100);
        var neighbourBefore = await WorkspaceRows.CountsAsync(_database, neighbour);

        // Sessions signed in on each node: a session grain starts where it is first called, so some of them live on the
        // node about to be killed, and the survivor's requests with them need a grain whose silo is gone.
        var sessions = new List<string>();
        for (var i = 0; i < SessionsPerNode; i++)
        {
            foreach (var (_, http) in _nodes)
            {
                var signIn = new AccountClient(http);
                Assert.Equal(HttpStatusCode.NoContent, (await signIn.SignInAsync(email, password)).StatusCode);
                sessions.Add(signIn.SessionCookieValue!);
            }
        }

        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/v1/workspaces/{doomed}")).StatusCode);
        var purging = $"Purging workspace {doomed}";
        await Eventually.TrueAsync(() => _nodes.Any(n => n.Process.Output.Contains(purging, StringComparison.Ordinal)), Patience, "a node starts the purge");
        var (victim, _) = _nodes.Single(n => n.Process.Output.Contains(purging, StringComparison.Ordinal));
        var (survivor, survivorHttp) = _nodes.Single(n => n.Process != victim);

        await victim.SignalAsync("KILL");
        var sinceKill = Stopwatch.StartNew();
        var leftWhenKilled = (await WorkspaceRows.CountsAsync(_database, doomed)).Values.Sum();

        // The survivor keeps serving the other tenant while it declares the dead node dead and takes the purge over.
        var onSurvivor = owner.On(survivorHttp);
        var (served, refused) = (0, 0);
        var failures = new List<string>();
        TimeSpan? resumed = null;
        while (await WorkspaceRows.PurgeAuditAsync(_database, doomed) is null)
        {
            Assert.True(sinceKill.Elapsed < Patience, $"The purge was not finished within {Patience} of the kill: {survivor.Output}");
            resumed ??= survivor.Output.Contains(purging, StringComparison.Ordinal) ? sinceKill.Elapsed : null;
            onSurvivor.SessionCookieValue = sessions[(served + refused) % sessions.Count];
            var response = await onSurvivor.GetAsync($"/v1/workspaces/{neighbour}/applications");
            (served, refused) = response.StatusCode == HttpStatusCode.OK ? (served + 1, refused) : (served, refused + 1);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{sinceKill.Elapsed.TotalSeconds:F1} s: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }

        var finished = sinceKill.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill → purge resumed on the survivor {resumed?.TotalSeconds:F1} s, → finished {finished.TotalSeconds:F1} s; survivor requests meanwhile: {served} served, {refused} failed"));

        Assert.True(leftWhenKilled > 0, "the node was killed after the purge had finished; nothing was resumed");
        Assert.True(refused == 0, $"{refused} of the survivor's requests failed while the killed node was being declared dead: "
            + string.Join(Environment.NewLine, failures) + Environment.NewLine
            + string.Join(Environment.NewLine, survivor.Output.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(20)));
        Assert.NotNull(resumed);
        Assert.Empty(await WorkspaceRows.LeftOverAsync(_database, doomed));
        Assert.Equal(neighbourBefore, await WorkspaceRows.CountsAsync(_database, neighbour));
        Assert.Equal(1, await WorkspaceRows.PurgeAuditCountAsync(_database, doomed));
        Assert.Equal(HttpStatusCode.OK, (await onSurvivor.GetAsync($"/v1/workspaces/{neighbour}/applications")).StatusCode);
    }
}
