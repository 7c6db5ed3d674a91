using Albumi.Grains.Caching;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using NpgsqlTypes;

namespace Albumi.Grains.ApiKeys;

/// <summary>Creating and listing an account's keys. The key is returned once, at creation; only its hash is kept.</summary>
public sealed class ApiKeyStore(AlbumiDataSources dataSources, AlbumiClock clock, INodeCacheInvalidator nodeCaches)
{
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(
        Guid accountId, string name, IReadOnlyCollection<string> scopes, IReadOnlyList<Guid>? workspaceIds, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        var key = ApiKeyFormat.NewKey();
        var now = clock.GetUtcNow();
        var record = new ApiKeyRecord(Guid.CreateVersion7(now), name, ApiKeyFormat.Prefix(key), [.. scopes], workspaceIds, now, now + lifetime, null, null);
        await using var insert = dataSources.App.CreateCommand("""
            INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, workspace_ids, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        insert.Parameters.AddWithValue(record.Id);
        insert.Parameters.AddWithValue(accountId);
        insert.Parameters.AddWithValue(name);
        insert.Parameters.AddWithValue(record.Prefix);
        insert.Parameters.AddWithValue(ApiKeyFormat.Hash(key));
        insert.Parameters.AddWithValue(record.Scopes.ToArray());
        insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = workspaceIds is null ? DBNull.Value : workspaceIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        insert.Parameters.AddWithValue(now);
        insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = record.ExpiresAt is { } e ? e : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await insert.ExecuteNonQueryAsync(cancellationToken);

        // Nodes keep "unknown" for a key briefly (see ApiKeyAuthenticationHandler): none may still hold it once the key is handed out.
        await nodeCaches.DropEverywhereAsync(CacheKeys.ApiKey(ApiKeyFormat.GrainKeyOf(key)));
        return (record, key);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var list = dataSources.App.CreateCommand("""
            SELECT id, name, prefix, scopes, workspace_ids, created_at, expires_at, last_used_at, revoked_at
            FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC
            """);
        list.Parameters.AddWithValue(accountId);
        var keys = new List<ApiKeyRecord>();
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKeyRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<Guid[]>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return keys;
    }

    /// <summary>The grain key of the account's key with this id, or null when the account has no such key.</summary>
    public async Task<string?> GrainKeyOfAsync(Guid accountId, Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var find = dataSources.App.CreateCommand("SELECT key_hash FROM api_keys WHERE id = $1 AND account_id = $2");
        find.Parameters.AddWithValue(keyId);
        find.Parameters.AddWithValue(accountId);
        return await find.ExecuteScalarAsync(cancellationToken) is byte[] hash ? ApiKeyFormat.GrainKey(hash) : null;
    }
}

/// <summary>A key as its owner lists it: never the key, never its hash.</summary>
public sealed record ApiKeyRecord(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, IReadOnlyList<Guid>? WorkspaceIds,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
