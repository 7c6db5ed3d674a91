using Albumi.Grains.Lifecycle;
using Albumi.Grains.Persistence;
using Albumi.Grains.Reminders;
using Albumi.Grains.Telemetry;
using Albumi.Grains.Time;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace Albumi.Grains.Security;

/// <summary>
/// The authority on which data keys are live (one activation in the cluster). Data keys live in <c>encryption_keys</c>,
/// wrapped by the master key; this grain hands out only their version numbers, and each node unwraps the keys itself
/// (<see cref="KeyRingStore"/>), so no key ever travels in a grain call. Encrypted columns (today: TOTP seeds in
/// <c>account_totp.secret</c>, bound to <c>account_id</c>) start with their key version, so usage and re-encryption
/// are plain SQL over those 4 bytes.
/// </summary>
public sealed class KeyRingGrain(
    AlbumiClock clock,
    AlbumiDataSources dataSources,
    KeyRingStore store,
    IOptions<LifecycleOptions> options,
    AlbumiMetrics metrics,
    [PersistentState("rotation", GrainStorage.Name)] IPersistentState<KeyRotation> rotation)
    : Grain, IKeyRingGrain, IRemindable
{
    public const string ReencryptReminder = "reencrypt";
    private const int BatchSize = 100;
    private KeyRing? _ring;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await store.InsertKeyAsync(1, clock.GetUtcNow(), cancellationToken);
        _ring = await store.LoadAsync(cancellationToken);
    }

    public Task<KeyRingVersions> GetVersionsAsync() => Task.FromResult(new KeyRingVersions(_ring!.CurrentVersion, [.. _ring.Versions.Order()]));

    public async Task<int> RotateAsync()
    {
        var version = _ring!.CurrentVersion + 1;

        // Registered before the key is added: a failure in between leaves a reminder that finds nothing old and removes
        // itself. The first batch runs one period later.
        await this.RegisterOrUpdateReminder(ReencryptReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        await store.InsertKeyAsync(version, clock.GetUtcNow(), CancellationToken.None);
        _ring = await store.LoadAsync(CancellationToken.None);
        rotation.State = new KeyRotation { Version = version, StartedAt = clock.GetUtcNow() };
        await rotation.WriteStateAsync();
        return version;
    }

    public Task<KeyRotationProgress?> GetRotationAsync()
        => Task.FromResult(rotation.State is { Version: > 0 } state ? new KeyRotationProgress(state.Version, state.StartedAt, state.Reencrypted, state.FinishedAt) : null);

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
            retire.Parameters.AddWithValue(clock.GetUtcNow());
            await retire.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        _ring = await store.LoadAsync(CancellationToken.None);
        return null;
    }

    /// <summary>Re-encrypts one batch per column under the current key on every tick until nothing old is left. Idempotent.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        metrics.ReminderTick(reminderName, status, clock.GetUtcNow());
        while (true)
        {
            var totp = await ReencryptAsync<Guid>("account_totp", "account_id", "secret", EncryptedColumns.TotpSeed);
            var dataProtection = await ReencryptAsync<long>("data_protection_keys", "id", "element", EncryptedColumns.DataProtectionKey);
            var done = totp.Found < BatchSize && dataProtection.Found < BatchSize;
            if (rotation.State.Version == _ring!.CurrentVersion && (totp.Rewritten + dataProtection.Rewritten > 0 || (done && rotation.State.FinishedAt is null)))
            {
                rotation.State.Reencrypted += totp.Rewritten + dataProtection.Rewritten;
                rotation.State.FinishedAt = done ? clock.GetUtcNow() : null;
                await rotation.WriteStateAsync();
            }

            if (done)
            {
                await DueReminder.UnregisterAsync(this, ReencryptReminder);
                return;
            }
        }
    }

    /// <summary>Rewrites up to one batch of a column's ciphertexts that are not under the current key; returns how many it found and rewrote.</summary>
    private async Task<(int Found, int Rewritten)> ReencryptAsync<TId>(string table, string idColumn, string column, Func<TId, byte[]> rowIdentity)
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

        var rewritten = 0;
        foreach (var (id, ciphertext) in batch)
        {
            var identity = rowIdentity(id);
            await using var rewrite = dataSources.App.CreateCommand($"UPDATE {table} SET {column} = $3 WHERE {idColumn} = $1 AND {column} = $2");
            rewrite.Parameters.AddWithValue(id!);
            rewrite.Parameters.AddWithValue(ciphertext);
            rewrite.Parameters.AddWithValue(ring.Reencrypt(ciphertext, identity));
            rewritten += await rewrite.ExecuteNonQueryAsync();
        }

        return (batch.Count, rewritten);
    }
}
