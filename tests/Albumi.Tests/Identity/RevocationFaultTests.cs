using System.Net;
using Albumi.Grains.Accounts;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Caching;
using Albumi.Grains.Sessions;
using Albumi.Tests.ApiKeys;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Tests.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.Identity;

/// <summary>
/// Revocations whose grain was not told or could not reload: a reload that fails on the database, a row changed by
/// another activation (Orleans' directory is eventually consistent while silos join or leave, so a second activation
/// can take a revocation the first never hears of), and a sign-in racing a disable. Each request after the revocation
/// returned must be refused.
/// </summary>
public sealed class RevocationFaultTests() : WebNodesTest(2)
{
    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];

    private IGrainFactory Grains => NodeA.Services.GetRequiredService<IGrainFactory>();

    private async Task<Guid> NewAccountAsync()
        => (await Grains.GetGrain<IAccountGrain>(Guid.NewGuid()).CreateAsync(new NewAccount(AccountClient.NewEmail(), "Test Person", null, null))).Id;

    private async Task<(AccountClient Client, string GrainKey)> NewSessionAsync(Guid accountId, AlbumiWebFactory on)
    {
        var session = await NodeA.Services.GetRequiredService<SessionIssuer>().StartAsync(accountId, "password", IPAddress.Loopback, "fault test");
        SessionToken.TryHash(session.Secret, out var hash);
        return (new AccountClient(on.CreateBareClient()) { SessionCookieValue = SessionCookies.For(NodeA.Services, session.Secret) }, SessionToken.GrainKey(hash));
    }

    /// <summary>Statements in one transaction, each given the parameters it names.</summary>
    private async Task ExecuteAsync(string[] statements, params object[] parameters)
    {
        await using var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var parameter in parameters.Take(sql.Contains("$2", StringComparison.Ordinal) ? 2 : 1))
            {
                command.Parameters.AddWithValue(parameter);
            }

            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    [Fact]
    public async Task ASessionWhoseReloadFailedIsRefusedOnceSignOutEverywhereReturned()
    {
        var account = await NewAccountAsync();
        var (phone, _) = await NewSessionAsync(account, NodeB);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/v1/me")).StatusCode);
        var grain = Grains.GetGrain<IAccountGrain>(account);
        await grain.GetProfileAsync();

        await using (await AccountReadOutage.BeginAsync(Database))
        {
            try
            {
                await grain.RevokeSessionsAsync(keepSessionId: null, "signed out everywhere");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // The caller saw a failure; as a person would, it signs out everywhere again below.
            }
        }

        await grain.RevokeSessionsAsync(keepSessionId: null, "signed out everywhere");

        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.On(NodeA.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task ASessionRevokedByAnotherActivationIsRefusedByTheOneThatWasNotTold()
    {
        var account = await NewAccountAsync();
        var (phone, grainKey) = await NewSessionAsync(account, NodeB);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/v1/me")).StatusCode);

        // What the other activation did: the row, and every node's copy.
        await ExecuteAsync(["UPDATE sessions SET revoked_at = now(), revoked_reason = 'signed out' WHERE id_hash = $1"], Convert.FromHexString(grainKey));
        await NodeA.Services.GetRequiredService<INodeCacheInvalidator>().DropEverywhereAsync(CacheKeys.Session(grainKey));

        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.On(NodeA.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task AKeyRevokedByAnotherActivationIsRefusedByTheOneThatWasNotTold()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var key = await ApiKeyTests.CreateKeyAsync(owner, "script");
        var onB = owner.WithKey(key.Key, NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);

        await ExecuteAsync(["UPDATE api_keys SET revoked_at = now() WHERE id = $1"], key.Id);
        await NodeA.Services.GetRequiredService<INodeCacheInvalidator>().DropEverywhereAsync(CacheKeys.ApiKey(ApiKeyFormat.GrainKeyOf(key.Key)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task ARoleChangedByAnotherActivationHoldsOnTheOneThatWasNotTold()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, adminId) = await owner.AddMemberAsync(workspace.Id, "admin", NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);

        // What the other activation did: the member's role, the workspace's version moved on (every change does), and
        // every node's copy of the workspace and its roster dropped (its reload does).
        await ExecuteAsync(
            [
                "SELECT set_config('albumi.workspace_id', $1::text, true)",
                "UPDATE workspace_members SET role = 'viewer' WHERE workspace_id = $1 AND account_id = $2",
                "UPDATE workspaces SET version = version + 1 WHERE id = $1",
            ],
            workspace.Id,
            adminId);
        await NodeA.Services.GetRequiredService<INodeCacheInvalidator>().DropEverywhereAsync(CacheKeys.Workspace(workspace.Id), CacheKeys.WorkspaceRoster(workspace.Id));

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.On(NodeA.CreateBareClient()).GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);
    }

    [Fact]
    public async Task ASignInRacingADisableLeavesNoLiveSession()
    {
        var account = await NewAccountAsync();

        // The disable, held open: the account row is changed and the sessions it can see are revoked, not yet committed.
        await using var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var disable = await connection.BeginTransactionAsync();
        foreach (var sql in new[]
                 {
                     "UPDATE accounts SET status = 'disabled', version = version + 1 WHERE id = $1",
                     "UPDATE sessions SET revoked_at = now(), revoked_reason = 'account disabled' WHERE account_id = $1 AND revoked_at IS NULL",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection, disable);
            command.Parameters.AddWithValue(account);
            await command.ExecuteNonQueryAsync();
        }

        var signIn = NewSessionAsync(account, NodeB);
        if (await Task.WhenAny(signIn, Task.Delay(TimeSpan.FromSeconds(1))) == signIn)
        {
            // The sign-in did not wait for the disable: its session is used before the disable commits.
            await (await signIn).Client.GetAsync("/v1/me");
        }

        await disable.CommitAsync();
        var (client, _) = await signIn;
        await Task.Delay(NodeCache.Lifetime);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.On(NodeA.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
    }
}
