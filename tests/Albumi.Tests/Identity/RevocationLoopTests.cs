using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Accounts;
using Albumi.Grains.Sessions;
using Albumi.Tests.ApiKeys;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Tests.Workspaces;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Albumi.Tests.Identity;

/// <summary>
/// Each revocation trigger in a loop while a third node joins and leaves the cluster every few seconds and every third
/// revocation runs into a database fault (the runtime role loses SELECT on accounts for a moment, so reloads fail and the
/// caller may see an error and try again, as a person would). Once the revoking call returned, a request with what was
/// revoked goes to every node that is up: none may be served. <c>ALBUMI_SOAK=1</c> runs 200 tries per trigger.
/// </summary>
public sealed class RevocationLoopTests(ITestOutputHelper output) : WebNodesTest(2), IAsyncLifetime
{
    private static readonly int Tries = Environment.GetEnvironmentVariable("ALBUMI_SOAK") == "1" ? 200 : 6;
    private static readonly TimeSpan NodeUpFor = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _churnGate = new();
    private AlbumiWebFactory? _churning;
    private Task _churn = Task.CompletedTask;
    private int _joins;

    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Auth:SignInAttemptsPerAccount"] = "100000",
        ["Albumi:Auth:SignInAttemptsPerIp"] = "100000",

        // Each try's revoked key is a failed key authentication from the same address: the loops test revocation, not the limit.
        ["Albumi:Auth:FailedApiKeyAttemptsPerIp"] = "100000",
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _churn = Task.Run(ChurnAsync);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stop.CancelAsync();
        await _churn;
        _stop.Dispose();
        await DisposeAsync();
    }

    /// <summary>A third node, started and stopped over and over: a silo joining and leaving the cluster.</summary>
    private async Task ChurnAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var node = new AlbumiWebFactory(Database.OwnerConnectionString, settings: Settings);
            _ = node.Server;
            lock (_churnGate)
            {
                _churning = node;
                _joins++;
            }

            await Task.Delay(NodeUpFor, CancellationToken.None);
            lock (_churnGate)
            {
                _churning = null;
            }

            await node.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    /// <summary>Clients on every node up now (the joining and leaving one too, when it is up).</summary>
    private List<HttpClient> ClientsOnEveryNode()
    {
        var clients = new List<HttpClient> { NodeA.CreateBareClient(), NodeB.CreateBareClient() };
        lock (_churnGate)
        {
            try
            {
                clients.Add(_churning?.CreateBareClient() ?? NodeB.CreateBareClient());
            }
            catch (ObjectDisposedException)
            {
            }
        }

        return clients;
    }

    /// <summary>
    /// One trigger, <see cref="Tries"/> times: arrange (until it works: faults are only injected around revocations),
    /// revoke (every third time under a database fault; repeated until the call succeeds), then count what every node
    /// still serves.
    /// </summary>
    private async Task<int> LoopAsync(string trigger, Func<int, Task<Revocation>> arrange)
    {
        var clock = Stopwatch.StartNew();
        var served = 0;
        var repeated = 0;
        for (var i = 0; i < Tries; i++)
        {
            var revocation = await arrange(i);
            Task<bool> first;
            if (i % 3 == 0)
            {
                await using (await AccountReadOutage.BeginAsync(Database))
                {
                    first = Succeeds(revocation.Revoke);
                    await Task.Delay(TimeSpan.FromMilliseconds(20 * (i % 5)));
                }
            }
            else
            {
                first = Succeeds(revocation.Revoke);
            }

            if (!await first)
            {
                repeated++;
                await Eventually.TrueAsync(() => Succeeds(revocation.Revoke), TimeSpan.FromSeconds(30), $"{trigger}: the revocation succeeds once the fault is over");
            }

            foreach (var http in ClientsOnEveryNode())
            {
                served += await ServedAsync(() => revocation.Probe(http)) ? 1 : 0;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trigger}: {Tries} tries, {served} served after the call returned, {repeated} revocations repeated after a fault, {_joins} node starts so far, {clock.Elapsed.TotalSeconds:F0} s"));
        return served;
    }

    private static async Task<bool> Succeeds(Func<Task<bool>> revoke)
    {
        try
        {
            return await revoke();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    private static async Task<bool> ServedAsync(Func<Task<HttpResponseMessage>> probe)
    {
        try
        {
            return (await probe()).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is ObjectDisposedException or HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            // The node stopped under the request (the joining and leaving one): nothing served.
            return false;
        }
    }

    /// <summary>What one try revokes: the revoking call (true once it succeeded) and a request that must then be refused.</summary>
    private sealed record Revocation(Func<Task<bool>> Revoke, Func<HttpClient, Task<HttpResponseMessage>> Probe);

    private async Task<Guid> NewAccountAsync()
        => (await NodeA.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(Guid.NewGuid())
            .CreateAsync(new NewAccount(AccountClient.NewEmail(), "Test Person", null, null))).Id;

    private async Task<AccountClient> NewSessionAsync(Guid accountId, AlbumiWebFactory on)
    {
        var session = await NodeA.Services.GetRequiredService<SessionIssuer>().StartAsync(accountId, "password", IPAddress.Loopback, "revocation loop");
        return new AccountClient(on.CreateBareClient()) { SessionCookieValue = SessionCookies.For(NodeA.Services, session.Secret) };
    }

    /// <summary>Whether the session's row is revoked: a sign-out that failed may have committed before it failed.</summary>
    private async Task<bool> IsRevokedAsync(AccountClient session)
    {
        SessionToken.TryHash(SessionCookies.SecretIn(NodeA.Services, session.SessionCookieValue!), out var hash);
        await using var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new Npgsql.NpgsqlCommand("SELECT revoked_at IS NOT NULL FROM sessions WHERE id_hash = $1", connection);
        query.Parameters.AddWithValue(hash);
        return await query.ExecuteScalarAsync() is true;
    }

    /// <summary>Served on every node before the revocation, so each may hold a copy of the answer.</summary>
    private async Task ServedEverywhereAsync(Func<HttpClient, Task<HttpResponseMessage>> probe)
    {
        foreach (var http in ClientsOnEveryNode())
        {
            await ServedAsync(() => probe(http));
        }

        Assert.Equal(HttpStatusCode.OK, (await probe(NodeB.CreateBareClient())).StatusCode);
    }

    [Fact]
    public async Task NoSignedOutSessionIsServedWhileNodesComeAndGo()
    {
        var account = await NewAccountAsync();
        Assert.Equal(0, await LoopAsync("sign-out", async _ =>
        {
            var session = await NewSessionAsync(account, NodeA);
            Task<HttpResponseMessage> Probe(HttpClient http) => session.On(http).GetAsync("/v1/me");
            await ServedEverywhereAsync(Probe);
            return new Revocation(
                async () => (await session.PostAsync("/auth/signout")).StatusCode == HttpStatusCode.NoContent || await IsRevokedAsync(session),
                Probe);
        }));
    }

    [Fact]
    public async Task NoSessionSignedOutEverywhereIsServedWhileNodesComeAndGo()
    {
        var account = await NewAccountAsync();
        Assert.Equal(0, await LoopAsync("sign-out everywhere", async _ =>
        {
            var laptop = await NewSessionAsync(account, NodeA);
            var phone = await NewSessionAsync(account, NodeB);
            Task<HttpResponseMessage> Probe(HttpClient http) => phone.On(http).GetAsync("/v1/me");
            await ServedEverywhereAsync(Probe);
            return new Revocation(async () => (await laptop.PostAsync("/auth/signout-all")).StatusCode == HttpStatusCode.NoContent, Probe);
        }));
    }

    [Fact]
    public async Task NoRemovedMemberIsServedWhileNodesComeAndGo()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        Assert.Equal(0, await LoopAsync("member removal", async _ =>
        {
            var memberId = await NewAccountAsync();
            var member = await NewSessionAsync(memberId, NodeB);
            var invite = await owner.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email = (await member.GetJsonAsync<MeResponse>("/v1/me")).Email, role = "editor" });
            var token = (await invite.Content.ReadFromJsonAsync<InviteResponse>())!.Token;
            Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
            Task<HttpResponseMessage> Probe(HttpClient http) => member.On(http).GetAsync($"/v1/workspaces/{workspace.Id}");
            await ServedEverywhereAsync(Probe);
            return new Revocation(
                async () => (await owner.DeleteAsync($"/v1/workspaces/{workspace.Id}/members/{memberId}")).StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound,
                Probe);
        }));
    }

    [Fact]
    public async Task NoDemotedAdminIsServedAnAdminRouteWhileNodesComeAndGo()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, adminId) = await owner.AddMemberAsync(workspace.Id, "admin", NodeB.CreateBareClient());
        Assert.Equal(0, await LoopAsync("role demotion", async _ =>
        {
            await Eventually.TrueAsync(
                async () => (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "admin" })).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30),
                "the member is admin again");
            Task<HttpResponseMessage> Probe(HttpClient http) => admin.On(http).GetAsync($"/v1/workspaces/{workspace.Id}/audit");
            await ServedEverywhereAsync(Probe);
            return new Revocation(
                async () => (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "viewer" })).StatusCode == HttpStatusCode.OK,
                Probe);
        }));
    }

    [Fact]
    public async Task NoSessionOfADisabledAccountIsServedWhileNodesComeAndGo()
    {
        var grains = NodeA.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(0, await LoopAsync("account disable", async _ =>
        {
            var account = await NewAccountAsync();
            var session = await NewSessionAsync(account, NodeB);
            Task<HttpResponseMessage> Probe(HttpClient http) => session.On(http).GetAsync("/v1/me");
            await ServedEverywhereAsync(Probe);
            return new Revocation(
                async () =>
                {
                    await grains.GetGrain<IAccountGrain>(account).DisableAsync();
                    return true;
                },
                Probe);
        }));
    }

    [Fact]
    public async Task NoRevokedKeyIsServedWhileNodesComeAndGo()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        Assert.Equal(0, await LoopAsync("key revoke", async i =>
        {
            var key = await ApiKeyTests.CreateKeyAsync(owner, $"key {i}");
            Task<HttpResponseMessage> Probe(HttpClient http) => owner.WithKey(key.Key, http).GetAsync("/v1/me");
            await ServedEverywhereAsync(Probe);
            return new Revocation(
                async () => (await owner.DeleteAsync($"/v1/me/api-keys/{key.Id}")).StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound,
                Probe);
        }));
    }
}
