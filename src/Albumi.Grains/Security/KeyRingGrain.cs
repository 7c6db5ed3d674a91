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
        await using var usage = dataSources.App.CreateCommand("""
            SELECT (get_byte(c, 0) << 24) | (get_byte(c, 1) << 16) | (get_byte(c, 2) << 8) | get_byte(c, 3), count(*)
            FROM (SELECT secret AS c FROM account_totp UNION ALL SELECT element FROM data_protection_keys) encrypted
            GROUP BY 1
            """);
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

    /// <summary>Re-encrypts one batch per column under the current key; due again at once until nothing old is left. Idempotent.</summary>
    public async Task ReceiveReminderAsync(string reminderName, ReminderTick tick)
    {
        var totp = await ReencryptAsync<Guid>("account_totp", "account_id", "secret", EncryptedColumns.TotpSeed);
        var dataProtection = await ReencryptAsync<long>("data_protection_keys", "id", "element", EncryptedColumns.DataProtectionKey);
        if (totp < BatchSize && dataProtection < BatchSize)
        {
            await UnregisterReminderAsync(ReencryptReminder);
        }
        else
        {
            await RegisterOrUpdateReminderAsync(ReencryptReminder, TimeSpan.Zero, period: null);
        }
    }

    /// <summary>Rewrites up to one batch of a column's ciphertexts that are not under the current key; returns how many it found.</summary>
    private async Task<int> ReencryptAsync<TId>(string table, string idColumn, string column, Func<TId, byte[]> rowIdentity)
    {
        var ring = _ring!;
        var batch = new List<(TId Id, byte[] Ciphertext)>();
        await using (var old = dataSources.App.CreateCommand(
            $"SELECT {idColumn}, {column} FROM {table} WHERE substring({column} FROM 1 FOR 4) <> int4send($1) LIMIT $2"))
        {
            old.Parameters.AddWithValue(ring.CurrentVersion);
            old.Parameters.AddWithValue(BatchSize);
            await using var reader = await old.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                batch.Add((reader.GetFieldValue<TId>(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        foreach (var (id, ciphertext) in batch)
        {
            var identity = rowIdentity(id);
            await using var rewrite = dataSources.App.CreateCommand($"UPDATE {table} SET {column} = $3 WHERE {idColumn} = $1 AND {column} = $2");
            rewrite.Parameters.AddWithValue(id!);
            rewrite.Parameters.AddWithValue(ciphertext);
            rewrite.Parameters.AddWithValue(ring.Encrypt(ring.Decrypt(ciphertext, identity), identity));
            await rewrite.ExecuteNonQueryAsync();
        }

        return batch.Count;
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
