using Albumi.Grains.Accounts;
using Albumi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.Identity;

/// <summary>
/// The account grain's writes carry the row version its activation read, as the workspace grain's do: a change made
/// meanwhile by another writer (here straight into the row, as a brief second activation or the erasure would) is
/// read before the write lands, and not overwritten.
/// </summary>
public sealed class AccountWriteVersionTests() : WebNodesTest(1)
{
    [Fact]
    public async Task ADisableAfterAnotherWriterMovedTheRowReadsItAgainAndKeepsWhatTheOtherWrote()
    {
        var (id, account) = await NewAccountAsync("Before");

        await ExecuteAsync("UPDATE accounts SET display_name = 'Renamed elsewhere', version = version + 1 WHERE id = $1", id);
        await account.DisableAsync();

        var profile = (await account.GetProfileAsync())!;
        Assert.Equal((AccountStatus.Disabled, "Renamed elsewhere"), (profile.Status, profile.DisplayName));
        Assert.Equal(("disabled", 3), await RowAsync(id));
    }

    [Fact]
    public async Task DisablingAnAccountErasedMeanwhileLeavesItErased()
    {
        var (id, account) = await NewAccountAsync("Leaving");

        await ExecuteAsync("UPDATE accounts SET status = 'erased', erased_at = now(), version = version + 1 WHERE id = $1", id);
        await account.DisableAsync();

        Assert.Equal("erased", (await RowAsync(id)).Status);
        Assert.Equal(AccountStatus.Erased, (await account.GetProfileAsync())!.Status);
    }

    private async Task<(Guid Id, IAccountGrain Grain)> NewAccountAsync(string displayName)
    {
        var id = Guid.NewGuid();
        var account = Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(id);
        await account.CreateAsync(new NewAccount(AccountClient.NewEmail(), displayName, null, null));
        return (id, account);
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var command = new NpgsqlCommand(sql, owner);
        command.Parameters.AddWithValue(id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<(string Status, int Version)> RowAsync(Guid id)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var command = new NpgsqlCommand("SELECT status, version FROM accounts WHERE id = $1", owner);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetInt32(1));
    }
}
