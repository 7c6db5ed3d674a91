using System.Buffers.Binary;
using System.Security.Cryptography;
using Albumi.Grains.Persistence;
using Npgsql;

namespace Albumi.Grains.Security;

/// <summary>
/// Data keys live in <c>encryption_keys</c>, wrapped by the master key. Encrypted columns (today: TOTP seeds in
/// <c>account_totp.secret</c>, bound to <c>account_id</c>) start with their key version, so usage and re-encryption
/// are plain SQL over those 4 bytes.
/// </summary>
public sealed class KeyRingGrain(AlbumiDataSources dataSources, MasterKeySource masterKey) : Grain, IKeyRingGrain
{
    public const string ReencryptReminder = "reencrypt";
    private const int BatchSize = 100;
    private KeyRing? _ring;
    private KeyRing? _master;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _master = new KeyRing(new Dictionary<int, byte[]> { [1] = masterKey.Read() });
        var keys = await ReadAsync(cancellationToken);
        if (keys.Count == 0)
        {
            await InsertKeyAsync(1);
            keys = await ReadAsync(cancellationToken);
        }

        _ring = new KeyRing(keys);
    }

    public Task<KeyRing> GetRingAsync() => Task.FromResult(_ring!);

    public async Task<int> RotateAsync()
    {
        var version = _ring!.CurrentVersion + 1;
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await InsertKeyAsync(version, transaction);
        await RegisterOrUpdateReminderAsync(ReencryptReminder, TimeSpan.Zero, period: null, transaction);
        await AnnounceChangeAsync(transaction);
        await transaction.CommitAsync();
        _ring = new KeyRing(await ReadAsync(CancellationToken.None));
        return version;
    }

    public async Task<IReadOnlyDictionary<int, long>> UsageAsync()
    {
        await using var usage = dataSources.App.CreateCommand(
            "SELECT (get_byte(secret, 0) << 24) | (get_byte(secret, 1) << 16) | (get_byte(secret, 2) << 8) | get_byte(secret, 3), count(*) FROM account_totp GROUP BY 1");
        var counts = _ring!.Versions.ToDictionary(v => v, _ => 0L);
        await using var reader = await usage.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<string?> RetireAsync(int version)
    {
        if (version == _ring!.CurrentVersion)
        {
            return $"key {version} is the current key; rotate first";
        }

        if (!_ring.Versions.Contains(version))
        {
            return $"there is no live key {version}";
        }

        if ((await UsageAsync()).GetValueOrDefault(version) is var used and > 0)
        {
            return $"key {version} still protects {used} secrets; wait for re-encryption to finish";
        }

        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var retire = new NpgsqlCommand("UPDATE encryption_keys SET retired_at = $2 WHERE version = $1", connection, transaction))
        {
            retire.Parameters.AddWithValue(version);
            retire.Parameters.AddWithValue(TimeProvider.GetUtcNow());
            await retire.ExecuteNonQueryAsync();
        }

        await AnnounceChangeAsync(transaction);
        await transaction.CommitAsync();
        _ring = new KeyRing(await ReadAsync(CancellationToken.None));
        return null;
    }

    /// <summary>Re-encrypts one batch under the current key; due again at once until nothing old is left. Idempotent.</summary>
    public async Task ReceiveReminderAsync(string reminderName, ReminderTick tick)
    {
        var ring = _ring!;
        var batch = new List<(Guid Account, byte[] Secret)>();
        await using (var old = dataSources.App.CreateCommand("""
            SELECT account_id, secret FROM account_totp
            WHERE substring(secret FROM 1 FOR 4) <> int4send($1) LIMIT $2
            """))
        {
            old.Parameters.AddWithValue(ring.CurrentVersion);
            old.Parameters.AddWithValue(BatchSize);
            await using var reader = await old.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                batch.Add((reader.GetGuid(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        foreach (var (account, secret) in batch)
        {
            var identity = account.ToByteArray();
            await using var rewrite = dataSources.App.CreateCommand("UPDATE account_totp SET secret = $3 WHERE account_id = $1 AND secret = $2");
            rewrite.Parameters.AddWithValue(account);
            rewrite.Parameters.AddWithValue(secret);
            rewrite.Parameters.AddWithValue(ring.Encrypt(ring.Decrypt(secret, identity), identity));
            await rewrite.ExecuteNonQueryAsync();
        }

        if (batch.Count < BatchSize)
        {
            await UnregisterReminderAsync(ReencryptReminder);
        }
        else
        {
            await RegisterOrUpdateReminderAsync(ReencryptReminder, TimeSpan.Zero, period: null);
        }
    }

    private async Task InsertKeyAsync(int version, NpgsqlTransaction? transaction = null)
    {
        const string sql = "INSERT INTO encryption_keys (version, wrapped_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING";
        await using var insert = transaction is null ? dataSources.App.CreateCommand(sql) : new NpgsqlCommand(sql, transaction.Connection, transaction);
        insert.Parameters.AddWithValue(version);
        insert.Parameters.AddWithValue(_master!.Encrypt(RandomNumberGenerator.GetBytes(32), WrapIdentity(version)));
        insert.Parameters.AddWithValue(TimeProvider.GetUtcNow());
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<Dictionary<int, byte[]>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var read = dataSources.App.CreateCommand("SELECT version, wrapped_key FROM encryption_keys WHERE retired_at IS NULL");
        var keys = new Dictionary<int, byte[]>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetInt32(0);
            keys[version] = _master!.Decrypt(reader.GetFieldValue<byte[]>(1), WrapIdentity(version));
        }

        return keys;
    }

    private static byte[] WrapIdentity(int version)
    {
        var identity = new byte[4 + 15];
        BinaryPrimitives.WriteInt32BigEndian(identity, version);
        "albumi-data-key"u8.CopyTo(identity.AsSpan(4));
        return identity;
    }
}
