using Albumi.Grains.Caching;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Grains.ApiKeys;

/// <summary>
/// One API key. A validation that would accept reads the row again first (the row, not this activation's memory, says
/// whether the key and its account are live: a second activation or a failed reload cannot keep a revoked key working);
/// <c>last_used_at</c> is written at most once per interval.
/// </summary>
public sealed class ApiKeyGrain(AlbumiClock clock, AlbumiDataSources dataSources, INodeCacheInvalidator nodeCaches, IOptions<ApiKeyOptions> options)
    : Grain, IApiKeyGrain
{
    private ApiKeySnapshot? _key;
    private bool _revoked;
    private DateTimeOffset _lastUsedWritten = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>After a change to the row by someone else; a read that fails leaves this activation refusing until it is gone.</summary>
    public async Task ReloadAsync()
    {
        try
        {
            await ReadRowAsync();
        }
        catch (NpgsqlException)
        {
        }
        finally
        {
            await DropCopiesAsync();
        }
    }

    /// <summary>Reads the row; when the read fails this activation holds a revoked key and goes once idle.</summary>
    private async Task ReadRowAsync()
    {
        try
        {
            await LoadAsync(CancellationToken.None);
        }
        catch
        {
            _revoked = true;
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Every node's copy of this key's check goes before a change returns (see <see cref="NodeCache"/>).</summary>
    private Task DropCopiesAsync() => nodeCaches.DropEverywhereAsync(CacheKeys.ApiKey(this.GetPrimaryKeyString()));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _key = null;
        _revoked = false;
        await using var command = dataSources.App.CreateCommand("""
            SELECT k.id, k.account_id, k.prefix, k.scopes, k.workspace_ids, k.expires_at, k.revoked_at IS NOT NULL OR a.status <> 'active', k.last_used_at, k.created_at
            FROM api_keys k JOIN accounts a ON a.id = k.account_id
            WHERE k.key_hash = $1
            """);
        command.Parameters.AddWithValue(Convert.FromHexString(this.GetPrimaryKeyString()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return;
        }

        _key = new ApiKeySnapshot(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<Guid[]>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(8));
        _revoked = reader.GetBoolean(6);
        _lastUsedWritten = reader.IsDBNull(7) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(7);
    }

    public async Task<ApiKeyCheck> ValidateAsync()
    {
        if (_key is null)
        {
            // An unknown key keeps no activation: each check is a fresh read (a key created since is found), and guessed
            // keys leave nothing behind. Nodes remember the answer briefly, so a repeated guess does not get here.
            this.DeactivateOnIdle();
            return new ApiKeyCheck(ApiKeyStatus.Unknown, null);
        }

        if (!_revoked)
        {
            await ReadRowAsync();
        }

        if (_key is null)
        {
            return new ApiKeyCheck(ApiKeyStatus.Unknown, null);
        }

        if (_revoked)
        {
            return new ApiKeyCheck(ApiKeyStatus.Revoked, _key);
        }

        var now = clock.GetUtcNow();
        if (_key.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            return new ApiKeyCheck(ApiKeyStatus.Expired, _key);
        }

        if (now - _lastUsedWritten >= options.Value.LastUsedWriteInterval)
        {
            await using var touch = dataSources.App.CreateCommand("UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND revoked_at IS NULL");
            touch.Parameters.AddWithValue(_key.KeyId);
            touch.Parameters.AddWithValue(now);
            if (await touch.ExecuteNonQueryAsync() == 0)
            {
                _revoked = true;
                return new ApiKeyCheck(ApiKeyStatus.Revoked, _key);
            }

            _lastUsedWritten = now;
        }

        return new ApiKeyCheck(ApiKeyStatus.Valid, _key);
    }

    public async Task<bool> RevokeAsync()
    {
        var revoked = await RevokeRowAsync();
        await DropCopiesAsync();
        return revoked;
    }

    private async Task<bool> RevokeRowAsync()
    {
        if (_key is null || _revoked)
        {
            return false;
        }

        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var revoke = new NpgsqlCommand("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", connection, transaction))
        {
            revoke.Parameters.AddWithValue(_key.KeyId);
            revoke.Parameters.AddWithValue(clock.GetUtcNow());
            if (await revoke.ExecuteNonQueryAsync() == 0)
            {
                _revoked = true;
                return false;
            }
        }

        await transaction.CommitAsync();
        _revoked = true;
        return true;
    }
}
