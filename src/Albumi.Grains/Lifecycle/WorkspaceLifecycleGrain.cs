using Albumi.Grains.Audit;
using Albumi.Grains.Persistence;
using Albumi.Grains.Workspaces;
using Microsoft.Extensions.Options;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// Soft delete, restore and hard delete of one workspace. The soft delete and its reminder are written in one
/// transaction, as are the restore and the reminder's removal; the reminder's handler is idempotent (at-least-once).
/// </summary>
public sealed class WorkspaceLifecycleGrain(
    AlbumiDataSources dataSources, WorkspacePurger purger, SecurityAuditLog audit, IOptions<LifecycleOptions> options) : Grain, IWorkspaceLifecycleGrain, IRemindable
{
    public const string PurgeReminder = "purge";
    public const string EntityPurgeReminder = "purge-entities";

    private bool _entityPurgeScheduled;

    /// <summary>How long the invites an import issues stay usable, as for invites made by hand.</summary>
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(7);

    private Guid Id => GetPrimaryKey();

    public async Task<WorkspaceInfo> DeleteAsync(Guid actorAccountId)
    {
        var before = await GrainFactory.GetGrain<IWorkspaceGrain>(Id).GetAsync()
            ?? throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");
        var now = TimeProvider.GetUtcNow();
        var grace = options.Value.WorkspaceGracePeriod;
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        await using (var delete = scope.CreateCommand(
            "UPDATE workspaces SET deleted_at = $2, purge_after = $3, version = version + 1 WHERE id = $1 AND deleted_at IS NULL"))
        {
            delete.Parameters.AddWithValue(Id);
            delete.Parameters.AddWithValue(now);
            delete.Parameters.AddWithValue(now + grace);
            if (await delete.ExecuteNonQueryAsync() == 0)
            {
                throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");
            }
        }

        await RegisterOrUpdateReminderAsync(PurgeReminder, grace, null, scope.Transaction);
        await AnnounceChangeAsync(scope.Transaction, GrainId.For<IWorkspaceGrain>(Id));
        await scope.CommitAsync();
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.WorkspaceDeleted, SecurityOutcome.Success, AccountId: actorAccountId, WorkspaceId: Id,
            ActorAccountId: actorAccountId, Metadata: new Dictionary<string, string> { ["purgeAfter"] = (now + grace).ToString("O") }));
        return before with { DeletedAt = now, PurgeAfter = now + grace, Version = before.Version + 1 };
    }

    public async Task<IReadOnlyList<ImportedInvite>> ImportAsync(WorkspaceImport import, Guid ownerAccountId, string ownerEmail)
    {
        ArgumentNullException.ThrowIfNull(import);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        var invites = await WorkspaceImportWriter.WriteAsync(scope, import, ownerAccountId, ownerEmail, TimeProvider.GetUtcNow(), InviteLifetime);
        await AnnounceChangeAsync(scope.Transaction, GrainId.For<IWorkspaceGrain>(Id));
        await AnnounceChangeAsync(scope.Transaction, GrainId.For<Accounts.IAccountGrain>(ownerAccountId));
        await scope.CommitAsync();
        return invites;
    }

    public async Task<WorkspaceInfo> RestoreAsync(Guid actorAccountId)
    {
        var before = await GrainFactory.GetGrain<IWorkspaceGrain>(Id).GetIncludingDeletedAsync()
            ?? throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id);
        await using (var restore = scope.CreateCommand("""
            UPDATE workspaces SET deleted_at = NULL, purge_after = NULL, version = version + 1
            WHERE id = $1 AND deleted_at IS NOT NULL AND purge_after > $2
              AND NOT EXISTS (SELECT 1 FROM workspace_purges WHERE purged_workspace = $1)
            """))
        {
            restore.Parameters.AddWithValue(Id);
            restore.Parameters.AddWithValue(TimeProvider.GetUtcNow());
            if (await restore.ExecuteNonQueryAsync() == 0)
            {
                return !before.IsDeleted ? before
                    : throw new WorkspaceRuleException(WorkspaceRuleViolation.GracePeriodOver, "The grace period is over: this workspace is being deleted for good.");
            }
        }

        await UnregisterReminderAsync(PurgeReminder, scope.Transaction);
        await AnnounceChangeAsync(scope.Transaction, GrainId.For<IWorkspaceGrain>(Id));
        await scope.CommitAsync();
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.WorkspaceRestored, SecurityOutcome.Success, AccountId: actorAccountId, WorkspaceId: Id,
            ActorAccountId: actorAccountId));
        return before with { DeletedAt = null, PurgeAfter = null, Version = before.Version + 1 };
    }

    /// <summary>
    /// A periodic reminder (every retention period, at most daily) purges what is past its retention; registered once
    /// per activation, so a busy workspace does not keep pushing it back.
    /// </summary>
    public async Task ScheduleEntityPurgeAsync()
    {
        if (!_entityPurgeScheduled)
        {
            var period = TimeSpan.FromTicks(Math.Min(options.Value.EntityRetention.Ticks, TimeSpan.FromDays(1).Ticks));
            await RegisterOrUpdateReminderAsync(EntityPurgeReminder, period, period);
            _entityPurgeScheduled = true;
        }
    }

    public async Task ReceiveReminderAsync(string reminderName, ReminderTick tick)
    {
        if (reminderName == EntityPurgeReminder)
        {
            await purger.PurgeDeletedEntitiesAsync(Id, TimeProvider.GetUtcNow() - options.Value.EntityRetention);
            return;
        }

        if (reminderName != PurgeReminder)
        {
            return;
        }

        // Decided from the database, never from a cache: a restore on another node must win over a stale copy.
        if (await purger.PurgeAsync(Id) is not { } counts)
        {
            if (await purger.PurgeAfterAsync(Id) is { } due && due > TimeProvider.GetUtcNow())
            {
                await RegisterOrUpdateReminderAsync(PurgeReminder, due - TimeProvider.GetUtcNow(), null);
            }

            return;
        }

        await AnnounceAsync();
        var metadata = counts.ToDictionary(c => c.Key, c => c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        metadata["total"] = counts.Values.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.WorkspacePurged, SecurityOutcome.Success, WorkspaceId: Id, Metadata: metadata));
        await purger.MarkAuditedAsync(Id);
    }

    /// <summary>Tells every node that the workspace grain's cached rows are gone.</summary>
    private async Task AnnounceAsync()
    {
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await AnnounceChangeAsync(transaction, GrainId.For<IWorkspaceGrain>(Id));
        await transaction.CommitAsync();
    }
}
