using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Caching;
using Albumi.Grains.Lifecycle;
using Albumi.Grains.Persistence;
using Albumi.Grains.Reminders;
using Albumi.Grains.Security;
using Albumi.Grains.Sessions;
using Albumi.Grains.Telemetry;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Albumi.Grains.Accounts;

/// <summary>
/// Schedules, cancels and carries out an account's erasure. The erasure ends every session and key on every node
/// first, leaves every workspace, then in one transaction replaces the email and name with a tombstone, deletes
/// provider links, sessions, keys and second factors, and blanks the IPs and User-Agents of its audit history.
/// </summary>
public sealed class AccountErasureGrain(
    AlbumiClock clock,
    AlbumiDataSources dataSources,
    ApiKeyStore keys,
    SecurityAuditLog audit,
    IOptions<LifecycleOptions> options,
    AlbumiMetrics metrics,
    INodeCacheInvalidator nodeCaches,
    [PersistentState("erasure", GrainStorage.Name)] IPersistentState<ErasureSchedule> schedule)
    : Grain, IAccountErasureGrain, IRemindable
{
    public const string EraseReminder = "erase";

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!schedule.RecordExists)
        {
            await AdoptScheduleFromAccountRowAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Versions before the schedule became this grain's state kept it in <c>accounts.erase_after</c>: a schedule left
    /// there is moved here once, so an erasure requested before an upgrade still happens.
    /// </summary>
    private async Task AdoptScheduleFromAccountRowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.App.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var read = new Npgsql.NpgsqlCommand("SELECT erase_after FROM accounts WHERE id = $1 AND erased_at IS NULL FOR UPDATE", connection, transaction))
        {
            read.Parameters.AddWithValue(Id);
            if (await read.ExecuteScalarAsync(cancellationToken) is not DateTime legacy)
            {
                return;
            }

            // Written here before the column is cleared: a failure in between leaves the schedule in both places, never in neither.
            schedule.State.EraseAfter = new DateTimeOffset(legacy, TimeSpan.Zero);
            await schedule.WriteStateAsync(cancellationToken);
        }

        await using (var clear = new Npgsql.NpgsqlCommand("UPDATE accounts SET erase_after = NULL WHERE id = $1", connection, transaction))
        {
            clear.Parameters.AddWithValue(Id);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<DateTimeOffset> RequestAsync()
    {
        await RefuseWhileOwnerAsync();
        if (!await IsLiveAsync())
        {
            throw new InvalidOperationException("No such account.");
        }

        var due = schedule.State.EraseAfter ?? clock.GetUtcNow() + options.Value.AccountErasureGracePeriod;

        // Registered before the schedule is written: a failure in between leaves a reminder that finds nothing scheduled
        // and removes itself, never a scheduled erasure without a reminder.
        await DueReminder.RegisterAsync(this, EraseReminder, due, clock.GetUtcNow(), options.Value.ReminderPeriod);
        schedule.State.EraseAfter = due;
        await schedule.WriteStateAsync();
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.ErasureRequested, SecurityOutcome.Success, AccountId: Id, ActorAccountId: Id,
            Metadata: new Dictionary<string, string> { ["eraseAfter"] = due.ToString("O") }));
        return due;
    }

    public async Task<bool> CancelAsync()
    {
        if (schedule.State.EraseAfter is null || !await IsLiveAsync())
        {
            return false;
        }

        await ClearScheduleAsync();
        await UnregisterAsync();
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.ErasureCancelled, SecurityOutcome.Success, AccountId: Id, ActorAccountId: Id));
        return true;
    }

    public async Task<DateTimeOffset?> ScheduledAsync() => schedule.State.EraseAfter is { } due && await IsLiveAsync() ? due : null;

    private async Task<bool> IsLiveAsync()
    {
        await using var query = dataSources.App.CreateCommand("SELECT 1 FROM accounts WHERE id = $1 AND erased_at IS NULL");
        query.Parameters.AddWithValue(Id);
        return await query.ExecuteScalarAsync() is not null;
    }

    private async Task ClearScheduleAsync()
    {
        schedule.State.EraseAfter = null;
        await schedule.WriteStateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        metrics.ReminderTick(reminderName, status, clock.GetUtcNow());
        GrainCaller.ActAs(SystemCaller.AccountErasure);
        if (reminderName != EraseReminder)
        {
            return;
        }

        if (await ScheduledAsync() is not { } due)
        {
            // Cancelled, or erased already (a schedule left behind by a failure after the erasure committed goes too).
            if (schedule.State.EraseAfter is not null)
            {
                await ClearScheduleAsync();
            }

            await UnregisterAsync();
            return;
        }

        if (due > clock.GetUtcNow())
        {
            return;
        }

        try
        {
            await RefuseWhileOwnerAsync();
        }
        catch (OwnerMustTransferException)
        {
            // Ownership came to the account during the grace period: erasing would orphan a workspace. Cancel, loudly.
            await CancelAsync();
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.AccountErased, SecurityOutcome.Blocked, AccountId: Id, Reason: "owns a workspace"));
            return;
        }

        await EraseAsync();
        await UnregisterAsync();
    }

    private Task UnregisterAsync() => DueReminder.UnregisterAsync(this, EraseReminder);

    private async Task EraseAsync()
    {
        var account = GrainFactory.GetGrain<IAccountGrain>(Id);
        await account.RevokeSessionsAsync(keepSessionId: null, "account erased");
        foreach (var key in (await keys.ListAsync(Id)).Where(k => k.RevokedAt is null))
        {
            if (await keys.GrainKeyOfAsync(Id, key.Id) is { } grainKey)
            {
                await GrainFactory.GetGrain<IApiKeyGrain>(grainKey).RevokeAsync();
            }
        }

        foreach (var membership in await account.GetMembershipsAsync())
        {
            await using (var scope = await WorkspaceScope.BeginAsync(dataSources.App, membership.WorkspaceId))
            {
                await using var notifications = scope.CreateCommand("DELETE FROM notifications WHERE account_id = $1");
                notifications.Parameters.AddWithValue(Id);
                await notifications.ExecuteNonQueryAsync();
                await scope.CommitAsync();
            }

            await GrainFactory.GetGrain<IWorkspaceGrain>(membership.WorkspaceId).RemoveMemberAsync(Id);
        }

        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in new[]
                 {
                     """
                     UPDATE accounts SET email = 'erased-' || replace(id::text, '-', '') || '@erased.invalid',
                         email_normalized = 'erased-' || replace(id::text, '-', '') || '@erased.invalid',
                         display_name = 'Deleted user ' || left(replace(id::text, '-', ''), 8), password_hash = NULL,
                         status = 'erased', erased_at = now(), version = version + 1
                     WHERE id = $1
                     """,
                     "DELETE FROM account_logins WHERE account_id = $1",
                     "DELETE FROM account_totp WHERE account_id = $1",
                     "DELETE FROM account_recovery_codes WHERE account_id = $1",
                     "SELECT audit.forget_account($1)",
                 })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue(Id);
            await command.ExecuteNonQueryAsync();
        }

        // Sessions and keys made since the revocations above (a sign-in that raced them) go too, and so does every node's
        // copy of their answer.
        var copies = new List<CacheKey>();
        foreach (var (sql, key) in new (string, Func<byte[], CacheKey>)[]
                 {
                     ("DELETE FROM sessions WHERE account_id = $1 RETURNING id_hash", hash => CacheKeys.Session(SessionToken.GrainKey(hash))),
                     ("DELETE FROM api_keys WHERE account_id = $1 RETURNING key_hash", hash => CacheKeys.ApiKey(ApiKeyFormat.GrainKey(hash))),
                 })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue(Id);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                copies.Add(key(reader.GetFieldValue<byte[]>(0)));
            }
        }

        await transaction.CommitAsync();
        if (copies.Count > 0)
        {
            await nodeCaches.DropEverywhereAsync([.. copies]);
        }

        await ClearScheduleAsync();
        await account.ReloadAsync();
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.AccountErased, SecurityOutcome.Success, AccountId: Id));
    }

    private async Task RefuseWhileOwnerAsync()
    {
        var owned = (await GrainFactory.GetGrain<IAccountGrain>(Id).GetMembershipsAsync()).Where(m => m.Role == WorkspaceRole.Owner).Select(m => m.WorkspaceId).ToList();
        var live = new List<Guid>();
        foreach (var workspace in owned)
        {
            if (await GrainFactory.GetGrain<IWorkspaceGrain>(workspace).GetAsync() is not null)
            {
                live.Add(workspace);
            }
        }

        if (live.Count > 0)
        {
            throw new OwnerMustTransferException(live);
        }
    }
}
