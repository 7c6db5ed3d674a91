using Albumi.Grains.Caching;
using Albumi.Grains.Persistence;
using Albumi.Grains.Sessions;
using Albumi.Grains.Time;
using Npgsql;

namespace Albumi.Grains.Accounts;

/// <summary>
/// One account: its profile and memberships cached in the activation, and the fan-out of revocations to its sessions and
/// keys. A revocation commits, drops every node's copy of each revoked session's and key's answer itself (so a grain
/// that cannot be reached or cannot reload leaves nothing behind), then has each grain reload; and a grain's accepting
/// answer is read from the row anyway, so the next request anywhere is refused.
/// </summary>
public sealed class AccountGrain(AlbumiClock clock, AlbumiDataSources dataSources, INodeCacheInvalidator nodeCaches) : Grain, IAccountGrain
{
    /// <summary>How many times the account row may turn out changed under a write before the write gives up.</summary>
    private const int WriteAttempts = 3;

    private AccountProfile? _profile;

    /// <summary>The row's version when this activation read it: a write checks it (a brief second activation can exist while silos join or leave).</summary>
    private int _version;

    private IReadOnlyList<Membership>? _memberships;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
        => (_profile, _version) = await AccountRows.LoadAsync(dataSources.App, this.GetPrimaryKey(), cancellationToken);

    public async Task ReloadAsync()
    {
        await LoadAsync(CancellationToken.None);
        _memberships = null;
        await DropCopiesAsync();
    }

    public async Task ForgetMembershipsAsync()
    {
        _memberships = null;
        await nodeCaches.DropEverywhereAsync(CacheKeys.AccountMemberships(this.GetPrimaryKey()));
    }

    /// <summary>Every node's copy of this account's profile and memberships goes before a change returns (see <see cref="NodeCache"/>).</summary>
    private Task DropCopiesAsync()
        => nodeCaches.DropEverywhereAsync(CacheKeys.AccountProfile(this.GetPrimaryKey()), CacheKeys.AccountMemberships(this.GetPrimaryKey()));

    public Task<AccountProfile?> GetProfileAsync() => Task.FromResult(_profile);

    public async Task<IReadOnlyList<Membership>> GetMembershipsAsync()
    {
        if (_memberships is null)
        {
            _memberships = await AccountScope.ReadAsync(
                dataSources.App,
                this.GetPrimaryKey(),
                "SELECT workspace_id, role FROM workspace_members WHERE account_id = $1",
                [this.GetPrimaryKey()],
                reader => new Membership(reader.GetGuid(0), Workspaces.WorkspaceRows.ParseRole(reader.GetString(1))));
        }

        return _memberships;
    }

    public async Task<AccountProfile> CreateAsync(NewAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (_profile is not null)
        {
            throw new InvalidOperationException("The account exists already.");
        }

        var now = clock.GetUtcNow();
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await AccountRows.InsertAsync(connection, transaction, this.GetPrimaryKey(), account, now);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new EmailAlreadyRegisteredException();
        }

        if (account.Login is { } login)
        {
            await AccountRows.InsertLoginAsync(connection, transaction, this.GetPrimaryKey(), login, now);
        }

        await transaction.CommitAsync();
        await LoadAsync(CancellationToken.None);
        return _profile!;
    }

    public async Task LinkLoginAsync(ExternalLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await AccountRows.InsertLoginAsync(connection, transaction, this.GetPrimaryKey(), login, clock.GetUtcNow());
        await transaction.CommitAsync();
        await LoadAsync(CancellationToken.None);
        await DropCopiesAsync();
    }

    public async Task<IReadOnlyList<Guid>> RevokeSessionsAsync(Guid? keepSessionId, string reason)
    {
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var revoked = await RevokeInTransactionAsync(connection, transaction, keepSessionId, reason);
        await transaction.CommitAsync();
        if (revoked.Count > 0)
        {
            await nodeCaches.DropEverywhereAsync([.. revoked.Select(r => CacheKeys.Session(SessionToken.GrainKey(r.Hash)))]);
            await ReloadSessionsAsync(revoked);
        }

        return revoked.ConvertAll(r => r.Id);
    }

    public async Task DisableAsync()
    {
        if (_profile is null)
        {
            await LoadAsync(CancellationToken.None);
        }

        for (var attempt = 1; _profile is not null; attempt++)
        {
            if (await TryDisableAsync())
            {
                return;
            }

            // The row changed since this activation read it (another activation wrote it): read it again and retry.
            if (attempt == WriteAttempts)
            {
                throw new InvalidOperationException($"Account {this.GetPrimaryKey()} kept changing while it was being disabled.");
            }

            await LoadAsync(CancellationToken.None);
        }
    }

    /// <summary>Disables the account (an erased one stays erased) and revokes its sessions and keys; false when the row's version moved.</summary>
    private async Task<bool> TryDisableAsync()
    {
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var disable = new NpgsqlCommand("""
            UPDATE accounts SET status = CASE WHEN status = 'erased' THEN status ELSE 'disabled' END, version = version + 1
            WHERE id = $1 AND version = $2
            RETURNING version, status
            """, connection, transaction))
        {
            disable.Parameters.AddWithValue(this.GetPrimaryKey());
            disable.Parameters.AddWithValue(_version);
            await using var reader = await disable.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return false;
            }

            _version = reader.GetInt32(0);
            _profile = _profile! with { Status = AccountStatuses.Parse(reader.GetString(1)) };
        }

        var sessions = await RevokeInTransactionAsync(connection, transaction, keepSessionId: null, "account disabled");
        var hashes = new List<byte[]>();
        await using (var keys = new NpgsqlCommand(
            "UPDATE api_keys SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING key_hash", connection, transaction))
        {
            keys.Parameters.AddWithValue(this.GetPrimaryKey());
            keys.Parameters.AddWithValue(clock.GetUtcNow());
            await using (var reader = await keys.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    hashes.Add(reader.GetFieldValue<byte[]>(0));
                }
            }
        }

        await transaction.CommitAsync();
        await nodeCaches.DropEverywhereAsync([
            CacheKeys.AccountProfile(this.GetPrimaryKey()),
            CacheKeys.AccountMemberships(this.GetPrimaryKey()),
            .. sessions.Select(r => CacheKeys.Session(SessionToken.GrainKey(r.Hash))),
            .. hashes.Select(hash => CacheKeys.ApiKey(ApiKeys.ApiKeyFormat.GrainKey(hash))),
        ]);
        await ReloadSessionsAsync(sessions);
        await Task.WhenAll(hashes.Select(hash => GrainFactory.GetGrain<ApiKeys.IApiKeyGrain>(ApiKeys.ApiKeyFormat.GrainKey(hash)).ReloadAsync()));
        return true;
    }

    /// <summary>Every revoked session's grain reloads before the revoking call returns.</summary>
    private Task ReloadSessionsAsync(List<(Guid Id, byte[] Hash)> revoked)
        => Task.WhenAll(revoked.Select(r => GrainFactory.GetGrain<ISessionGrain>(SessionToken.GrainKey(r.Hash)).ReloadAsync()));

    private async Task<List<(Guid Id, byte[] Hash)>> RevokeInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? keepSessionId, string reason)
    {
        var revoked = new List<(Guid Id, byte[] Hash)>();
        await using (var revoke = new NpgsqlCommand("""
            UPDATE sessions SET revoked_at = $2, revoked_reason = $3
            WHERE account_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4)
            RETURNING id, id_hash
            """, connection, transaction))
        {
            revoke.Parameters.AddWithValue(this.GetPrimaryKey());
            revoke.Parameters.AddWithValue(clock.GetUtcNow());
            revoke.Parameters.AddWithValue(reason);
            revoke.Parameters.Add(new NpgsqlParameter { Value = keepSessionId is { } keep ? keep : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            await using var reader = await revoke.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                revoked.Add((reader.GetGuid(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        return revoked;
    }
}
