using System.Security.Cryptography;
using Albumi.Grains.Persistence;
using Albumi.Grains.Security;
using Npgsql;

namespace Albumi.Grains.Mfa;

/// <summary>
/// How recovery codes are stored: HMAC-SHA256 under a key derived (HKDF) from the master key, which lives in a file and
/// never in the database, over the account id and the SHA-256 of the code. A database dump alone then allows no
/// offline search (about 50 bits per code would not stop one over plain SHA-256), and a row moved to another account
/// matches nothing. Rows written before hold the plain SHA-256; <see cref="UpgradeLegacyAsync"/> rewrites them without
/// the codes, since the keyed hash is taken over that SHA-256.
/// </summary>
public sealed class RecoveryCodeHasher(AlbumiDataSources dataSources, MasterKeySource masterKey)
{
    private readonly Lazy<byte[]> _key = new(() => HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Read(), 32, info: "albumi recovery codes v1"u8.ToArray()));

    /// <summary>The stored form of <paramref name="normalizedCode"/> (ten base32 characters, no dash) for this account.</summary>
    public byte[] Hash(Guid accountId, string normalizedCode)
    {
        ArgumentNullException.ThrowIfNull(normalizedCode);
        return Keyed(accountId, SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(normalizedCode)));
    }

    private byte[] Keyed(Guid accountId, ReadOnlySpan<byte> codeSha256)
    {
        Span<byte> message = stackalloc byte[16 + SHA256.HashSizeInBytes];
        accountId.TryWriteBytes(message);
        codeSha256.CopyTo(message[16..]);
        return HMACSHA256.HashData(_key.Value, message);
    }

    /// <summary>Rewrites every recovery code still under plain SHA-256 to the keyed hash; returns how many. Idempotent, safe on several nodes at once.</summary>
    public async Task<int> UpgradeLegacyAsync(CancellationToken cancellationToken = default)
    {
        var legacy = new List<(Guid Account, byte[] Hash)>();
        await using (var read = dataSources.App.CreateCommand("SELECT account_id, code_hash FROM account_recovery_codes WHERE NOT keyed"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                legacy.Add((reader.GetGuid(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        if (legacy.Count == 0)
        {
            return 0;
        }

        await using var batch = dataSources.App.CreateBatch();
        foreach (var (account, hash) in legacy)
        {
            var upgrade = new NpgsqlBatchCommand("UPDATE account_recovery_codes SET code_hash = $3, keyed = true WHERE account_id = $1 AND code_hash = $2 AND NOT keyed");
            upgrade.Parameters.AddWithValue(account);
            upgrade.Parameters.AddWithValue(hash);
            upgrade.Parameters.AddWithValue(Keyed(account, hash));
            batch.BatchCommands.Add(upgrade);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
