using Albumi.Grains.Caching;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Grains.Sessions;

/// <summary>
/// One session. The cookie handler renews its expiry (ASP.NET Core's sliding expiration, through the ticket store). A
/// validation that would accept the session reads its row again first: the row, not this activation's memory, says
/// whether it is live, so a revocation holds even for a second activation the revoking call never reached (Orleans'
/// grain directory is eventually consistent while silos join or leave) or an activation whose reload failed.
/// </summary>
public sealed class SessionGrain(
    AlbumiClock clock, AlbumiDataSources dataSources, INodeCacheInvalidator nodeCaches, IOptions<SessionLifetimeOptions> options) : Grain, ISessionGrain
{
    private readonly SessionLifetimeOptions _lifetime = options.Value;
    private SessionState? _state;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>
    /// After a change to the row by someone else. A read that fails leaves this activation refusing until it is gone
    /// (the next one reads the row), which is the revoked state as far as any request can tell, so the change holds.
    /// </summary>
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

    /// <summary>Reads the row; when the read fails this activation holds nothing (it refuses) and goes once idle.</summary>
    private async Task ReadRowAsync()
    {
        _state = null;
        try
        {
            await LoadAsync(CancellationToken.None);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Every node's copy of this session's validation goes before a change returns (see <see cref="NodeCache"/>).</summary>
    private Task DropCopiesAsync() => nodeCaches.DropEverywhereAsync(CacheKeys.Session(this.GetPrimaryKeyString()));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSources.App.CreateCommand("""
            SELECT s.id, s.account_id, s.last_seen_at, s.expires_at, s.absolute_expires_at, s.revoked_at IS NOT NULL, a.status, s.second_factor_at,
                   GREATEST(s.created_at, s.reauthenticated_at, s.second_factor_at)
            FROM sessions s JOIN accounts a ON a.id = s.account_id
            WHERE s.id_hash = $1
            """);
        command.Parameters.AddWithValue(Convert.FromHexString(this.GetPrimaryKeyString()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        _state = await reader.ReadAsync(cancellationToken)
            ? new SessionState(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                Live: !reader.GetBoolean(5) && reader.GetString(6) == "active",
                SecondFactorAt: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                AuthenticatedAt: reader.GetFieldValue<DateTimeOffset>(8))
            : null;
    }

    public async Task<SessionSnapshot?> ValidateAsync()
    {
        // A refusal stands (revocations are final); an acceptance is the row's, read now, never this activation's memory.
        if (_state is not { Live: true })
        {
            return null;
        }

        await ReadRowAsync();
        if (_state is not { Live: true } state)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (now >= state.ExpiresAt || now >= state.AbsoluteExpiresAt)
        {
            return null;
        }

        // "Last seen" is for the owner's list of sessions; it is written at most once per interval.
        if (now - state.PersistedLastSeen >= _lifetime.RenewalWriteInterval)
        {
            await using var seen = dataSources.App.CreateCommand("UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND revoked_at IS NULL");
            seen.Parameters.AddWithValue(state.SessionId);
            seen.Parameters.AddWithValue(now);
            if (await seen.ExecuteNonQueryAsync() == 0)
            {
                _state = state with { Live = false };
                return null;
            }

            _state = state with { PersistedLastSeen = now };
        }

        return new SessionSnapshot(state.SessionId, state.AccountId, state.ExpiresAt, state.SecondFactorAt, state.AbsoluteExpiresAt, state.AuthenticatedAt);
    }

    public async Task RenewAsync(DateTimeOffset expiresAt)
    {
        if (_state is not { Live: true } state)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var renewed = Min(expiresAt, state.AbsoluteExpiresAt);
        if (renewed <= state.ExpiresAt || now >= state.ExpiresAt)
        {
            return;
        }

        await using var renew = dataSources.App.CreateCommand(
            "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1 AND revoked_at IS NULL");
        renew.Parameters.AddWithValue(state.SessionId);
        renew.Parameters.AddWithValue(now);
        renew.Parameters.AddWithValue(renewed);
        await renew.ExecuteNonQueryAsync();
        _state = state with { PersistedLastSeen = now, ExpiresAt = renewed };
        await DropCopiesAsync();
    }

    public Task MarkSecondFactorPassedAsync() => MarkVerifiedAsync("second_factor_at", secondFactor: true);

    public Task MarkReauthenticatedAsync() => MarkVerifiedAsync("reauthenticated_at", secondFactor: false);

    /// <summary>Writes the time of a step-up, then drops every node's copy so the next request anywhere sees it.</summary>
    private async Task MarkVerifiedAsync(string column, bool secondFactor)
    {
        if (_state is not { Live: true } state)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var mark = dataSources.App.CreateCommand($"UPDATE sessions SET {column} = $2 WHERE id = $1 AND revoked_at IS NULL");
        mark.Parameters.AddWithValue(state.SessionId);
        mark.Parameters.AddWithValue(now);
        if (await mark.ExecuteNonQueryAsync() == 0)
        {
            _state = state with { Live = false };
        }
        else
        {
            _state = state with { AuthenticatedAt = now, SecondFactorAt = secondFactor ? now : state.SecondFactorAt };
        }

        await DropCopiesAsync();
    }

    public async Task<bool> RevokeAsync(string reason)
    {
        var revoked = await RevokeRowAsync(reason);
        await DropCopiesAsync();
        return revoked;
    }

    private async Task<bool> RevokeRowAsync(string reason)
    {
        if (_state is not { Live: true } state)
        {
            return false;
        }

        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var revoke = new NpgsqlCommand(
            "UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL", connection, transaction))
        {
            revoke.Parameters.AddWithValue(state.SessionId);
            revoke.Parameters.AddWithValue(clock.GetUtcNow());
            revoke.Parameters.AddWithValue(reason);
            if (await revoke.ExecuteNonQueryAsync() == 0)
            {
                _state = state with { Live = false };
                return false;
            }
        }

        await transaction.CommitAsync();
        _state = state with { Live = false };
        return true;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record SessionState(
        Guid SessionId,
        Guid AccountId,
        DateTimeOffset PersistedLastSeen,
        DateTimeOffset ExpiresAt,
        DateTimeOffset AbsoluteExpiresAt,
        bool Live,
        DateTimeOffset? SecondFactorAt,
        DateTimeOffset AuthenticatedAt);
}
