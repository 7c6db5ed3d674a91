using System.Diagnostics;
using System.Globalization;
using System.Net;
using Albumi.Grains.Sessions;
using Albumi.Testing;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Albumi.Tests.Caching;

/// <summary>
/// A node the cluster declared dead may still answer HTTP (cut off from the other silos, or frozen and thawed), with
/// copies of answers in its node cache that no drop reaches any more. Once a sign-out returned on the node still in the
/// cluster, the other must not serve the session from such a copy. Node A runs in-process, node B as a process of its
/// own (a silo told it is dead ends its process).
/// </summary>
public sealed class DeclaredDeadNodeTests(ITestOutputHelper output) : WebNodesTest(1), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private const string NodeBName = "declared-dead-node";

    private NodeProcess _nodeB = null!;
    private HttpClient _httpB = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var port = NodeProcess.FreePort();
        _nodeB = TestNode.Start("Albumi.Web", new Dictionary<string, string>
        {
            ["ConnectionStrings__Albumi"] = Database.OwnerConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Orleans__Name"] = NodeBName,
            ["Albumi__Auth__LocalAccounts"] = "true",
            ["Albumi__Mfa__RequiredForOwners"] = "false",
        });
        _httpB = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        _httpB.DefaultRequestHeaders.Host = "localhost";
        await Eventually.TrueAsync(async () => await NodeHealth.IsHealthyAsync(_httpB), Patience, "node B serves /healthz as an active silo: " + _nodeB.Output);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _httpB.Dispose();
        if (!_nodeB.HasExited)
        {
            await _nodeB.SignalAsync("CONT");
        }

        await _nodeB.DisposeAsync();
        await DisposeAsync();
    }

    private IClusterMembershipService Membership => Node.Services.GetRequiredService<IClusterMembershipService>();

    private SiloAddress NodeBSilo => Membership.CurrentSnapshot.Members.Values.Single(m => m.Name == NodeBName && m.Status == SiloStatus.Active).SiloAddress;

    /// <summary>A session used on node B, so B holds a copy of its validation (and its grain likely lives on B).</summary>
    private async Task<AccountClient> SessionServedByNodeBAsync()
    {
        var account = await Node.Services.GetRequiredService<IGrainFactory>().GetGrain<Albumi.Grains.Accounts.IAccountGrain>(Guid.NewGuid())
            .CreateAsync(new Albumi.Grains.Accounts.NewAccount(AccountClient.NewEmail(), "Test Person", null, null));
        var session = await Node.Services.GetRequiredService<SessionIssuer>().StartAsync(account.Id, "password", IPAddress.Loopback, "declared dead");
        var onB = new AccountClient(_httpB) { SessionCookieValue = SessionCookies.For(Node.Services, session.Secret) };
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);
        return onB;
    }

    /// <summary>Requests to node B for a cache lifetime and a half after the sign-out returned; how many were served.</summary>
    private async Task<int> ServedByNodeBAsync(AccountClient onB)
    {
        var served = 0;
        var since = Stopwatch.StartNew();
        while (since.Elapsed < Albumi.Grains.Caching.NodeCache.Lifetime * 1.5)
        {
            try
            {
                if ((await onB.GetAsync("/v1/me")).StatusCode == HttpStatusCode.OK)
                {
                    served++;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"served by node B {since.Elapsed.TotalMilliseconds:F0} ms after the sign-out returned"));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Node B ended its process, or does not answer: nothing served.
            }

            await Task.Delay(200);
        }

        return served;
    }

    [Fact]
    public async Task ANodeDeclaredDeadWhileItServesHttpServesNoSignedOutSession()
    {
        var onB = await SessionServedByNodeBAsync();

        // The cluster declares B dead (as after missed probes) while B itself keeps answering HTTP.
        Assert.True(await Membership.TryKill(NodeBSilo));
        Assert.Equal(HttpStatusCode.NoContent, (await onB.On(Node.CreateBareClient()).PostAsync("/auth/signout")).StatusCode);

        Assert.Equal(0, await ServedByNodeBAsync(onB));
    }

    [Fact]
    public async Task ANodeFrozenPastItsFailureDetectionServesNoSignedOutSessionWhenItThaws()
    {
        var onB = await SessionServedByNodeBAsync();
        var silo = NodeBSilo;

        await _nodeB.SignalAsync("STOP");
        var frozen = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () =>
            {
                await Membership.Refresh();
                return Membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Dead;
            },
            Patience,
            "the cluster declares the frozen node dead");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frozen node declared dead after {frozen.Elapsed.TotalSeconds:F1} s"));
        Assert.Equal(HttpStatusCode.NoContent, (await onB.On(Node.CreateBareClient()).PostAsync("/auth/signout")).StatusCode);

        await _nodeB.SignalAsync("CONT");
        Assert.Equal(0, await ServedByNodeBAsync(onB));
    }

    /// <summary>
    /// While node B is frozen, node A's requests whose grains B places or holds wait for B's death to be declared. A grain
    /// call's deadline (4 s) can pass before Orleans even finds where the grain lives (B holds that part of the
    /// directory): such a call used to end in an OperationCanceledException that nothing handled, a 500. Now it is sent
    /// again like a timed-out one, and a request that still gets no answer is a 503 with Retry-After.
    /// </summary>
    [Fact]
    public async Task RequestsToTheNodeStillUpWhileAnotherIsFrozenAreServedOrAnswered503NeverWith500()
    {
        var grains = Node.Services.GetRequiredService<IGrainFactory>();
        var issuer = Node.Services.GetRequiredService<SessionIssuer>();
        var people = new List<AccountClient>();
        for (var i = 0; i < 16; i++)
        {
            var account = await grains.GetGrain<Albumi.Grains.Accounts.IAccountGrain>(Guid.NewGuid())
                .CreateAsync(new Albumi.Grains.Accounts.NewAccount(AccountClient.NewEmail(), "Test Person", null, null));
            var session = await issuer.StartAsync(account.Id, "password", IPAddress.Loopback, "frozen neighbour");
            var http = Node.CreateBareClient();
            http.Timeout = TimeSpan.FromSeconds(30);
            people.Add(new AccountClient(http) { SessionCookieValue = SessionCookies.For(Node.Services, session.Secret) });
        }

        _ = NodeBSilo;
        await _nodeB.SignalAsync("STOP");
        var frozen = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        var bodies = new List<string>();
        while (frozen.Elapsed < TimeSpan.FromSeconds(12))
        {
            var round = await Task.WhenAll(people.Select(async person =>
            {
                var response = await person.GetAsync("/v1/me");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));
            statuses.AddRange(round.Select(r => r.StatusCode));
            bodies.AddRange(round.Where(r => r.StatusCode != HttpStatusCode.OK).Select(r => r.Body));
            await Task.Delay(250);
        }

        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} × {(int)g.Key}")));
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.All(bodies, body => Assert.Contains(Albumi.Web.Problems.ProblemTypes.ClusterUnavailable, body, StringComparison.Ordinal));
        foreach (var person in people)
        {
            await Eventually.TrueAsync(async () => (await person.GetAsync("/v1/me")).StatusCode == HttpStatusCode.OK, Patience, "node A serves every session again");
        }
    }
}
