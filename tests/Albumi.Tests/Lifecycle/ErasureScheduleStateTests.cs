using System.Net;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.Lifecycle;

/// <summary>An erasure's schedule is the erasure grain's own state, in Orleans' grain storage on PostgreSQL.</summary>
public sealed class ErasureScheduleStateTests() : WebNodesTest
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Lifecycle:AccountErasureGracePeriod"] = "01:00:00",
    };

    [Fact]
    public async Task TheScheduleIsAGrainStateRowThatOutlivesItsActivationAndGoesWhenCancelled()
    {
        var member = new AccountClient(Node.CreateBareClient());
        await member.RegisterAndSignInAsync();
        var account = (await member.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var statesBefore = await CountAsync("SELECT count(*) FROM OrleansStorage");

        Assert.Equal(HttpStatusCode.Accepted, (await member.PostAsync("/v1/me/erasure")).StatusCode);
        var scheduled = await member.GetNodeAsync("/v1/me/erasure");
        Assert.True(scheduled["scheduled"]!.GetValue<bool>());
        Assert.Equal(statesBefore + 1, await CountAsync("SELECT count(*) FROM OrleansStorage"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM accounts WHERE id = '{account}' AND erase_after IS NOT NULL"));

        // Every idle activation in the cluster goes; the next call activates the grain afresh, from storage.
        await Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reactivated = await member.GetNodeAsync("/v1/me/erasure");
        Assert.Equal(scheduled["eraseAfter"]!.GetValue<DateTimeOffset>(), reactivated["eraseAfter"]!.GetValue<DateTimeOffset>());

        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync("/v1/me/erasure")).StatusCode);
        await Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.False((await member.GetNodeAsync("/v1/me/erasure"))["scheduled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AScheduleAnEarlierVersionKeptInTheAccountRowIsAdoptedNotLost()
    {
        var member = new AccountClient(Node.CreateBareClient());
        await member.RegisterAndSignInAsync();
        var account = (await member.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var due = DateTimeOffset.UtcNow.AddDays(20);
        await using (var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString))
        await using (var legacy = new NpgsqlCommand("UPDATE accounts SET erase_after = $2 WHERE id = $1", owner))
        {
            legacy.Parameters.AddWithValue(account);
            legacy.Parameters.AddWithValue(due);
            Assert.Equal(1, await legacy.ExecuteNonQueryAsync());
        }

        var adopted = await member.GetNodeAsync("/v1/me/erasure");

        Assert.True(adopted["scheduled"]!.GetValue<bool>());
        Assert.Equal(due.ToUnixTimeMilliseconds(), adopted["eraseAfter"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM accounts WHERE id = '{account}' AND erase_after IS NOT NULL"));
        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync("/v1/me/erasure")).StatusCode);
        Assert.False((await member.GetNodeAsync("/v1/me/erasure"))["scheduled"]!.GetValue<bool>());
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var count = new NpgsqlCommand(sql, owner);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
