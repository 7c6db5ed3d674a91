using System.Net;
using System.Security.Cryptography;
using System.Text;
using Albumi.Grains.Mfa;
using Albumi.Grains.Time;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.Mfa;

/// <summary>Recovery codes under a keyed hash: a database dump alone allows no offline search, and each code works once.</summary>
public sealed class RecoveryCodeStorageTests() : WebNodesTest
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    [Fact]
    public async Task RecoveryCodesAreStoredUnderAKeyedHashNotTheirSha256AndWorkOnceOnly()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var codes = await TwoFactor.ConfirmAsync(client, await TwoFactor.BeginAsync(client), _clock);
        var account = (await client.GetJsonAsync<MeResponse>("/v1/me")).Id;

        var stored = await StoredHashesAsync(account);

        Assert.Equal(codes.Count, stored.Count);
        Assert.All(codes, code => Assert.DoesNotContain(stored, s => s.SequenceEqual(Sha256(code))));
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(email, password, codes[2])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(email, password, codes[2])).StatusCode);
    }

    [Fact]
    public async Task ACodeStoredAsPlainSha256BeforeTheKeyedHashWorksOnceAfterTheUpgradeAndLeavesNoSha256Behind()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var codes = await TwoFactor.ConfirmAsync(client, await TwoFactor.BeginAsync(client), _clock);
        var account = (await client.GetJsonAsync<MeResponse>("/v1/me")).Id;
        await using (var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString))
        {
            await using var clear = new NpgsqlCommand("DELETE FROM account_recovery_codes WHERE account_id = $1", owner) { Parameters = { new() { Value = account } } };
            await clear.ExecuteNonQueryAsync();
            foreach (var code in codes)
            {
                await using var legacy = new NpgsqlCommand("INSERT INTO account_recovery_codes (account_id, code_hash, created_at) VALUES ($1, $2, now())", owner)
                {
                    Parameters = { new() { Value = account }, new() { Value = Sha256(code) } },
                };
                await legacy.ExecuteNonQueryAsync();
            }
        }

        Assert.True(await Node.Services.GetRequiredService<RecoveryCodeHasher>().UpgradeLegacyAsync() >= codes.Count);

        var stored = await StoredHashesAsync(account);
        Assert.All(codes, code => Assert.DoesNotContain(stored, s => s.SequenceEqual(Sha256(code))));
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(email, password, codes[7])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(email, password, codes[7])).StatusCode);
    }

    private static byte[] Sha256(string code) => SHA256.HashData(Encoding.ASCII.GetBytes(code.Replace("-", "", StringComparison.Ordinal)));

    private async Task<List<byte[]>> StoredHashesAsync(Guid account)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var read = new NpgsqlCommand("SELECT code_hash FROM account_recovery_codes WHERE account_id = $1", owner) { Parameters = { new() { Value = account } } };
        await using var reader = await read.ExecuteReaderAsync();
        var hashes = new List<byte[]>();
        while (await reader.ReadAsync())
        {
            hashes.Add(reader.GetFieldValue<byte[]>(0));
        }

        return hashes;
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string password, string code)
        => await new AccountClient(Node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password, totpCode = code });
}
