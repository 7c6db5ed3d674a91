using Albumi.Grains.Audit;
using Albumi.Grains.Persistence;
using Albumi.Grains.Reminders;
using Albumi.Grains.Security;
using Albumi.Grains.Telemetry;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// Soft delete, restore and hard delete of one workspace. The due time lives in the workspace row; the Orleans reminder
/// only wakes the grain (every <see cref="LifecycleOptions.ReminderPeriod"/>), and each tick decides from the database,
/// so a missed tick, a repeated one or a reminder left behind by a failed transaction changes nothing.
/// </summary>
public sealed class WorkspaceLifecycleGrain(
    AlbumiClock clock, AlbumiDataSources dataSources, WorkspacePurger purger, SecurityAuditLog audit, IOptions<LifecycleOptions> options, AlbumiMetrics metrics)
    : Grain, IWorkspaceLifecycleGrain, IRemindable
{
    public const string PurgeReminder = "purge";
    public const string EntityPurgeReminder = "purge-entities";

    private bool _entityPurgeScheduled;

    private Guid Id => this.GetPrimaryKey();

    private IWorkspaceGrain Workspace => GrainFactory.GetGrain<IWorkspaceGrain>(Id);

    /// <summary>Whether the account belongs to the workspace, deleted or not (the grain call filter's membership check).</summary>
    internal async Task<bool> HasMemberAsync(Guid accountId) => await Workspace.GetRosterAsync(accountId) is not null;

    public async Task<WorkspaceInfo> DeleteAsync(Guid actorAccountId)
    {
        var before = await Workspace.GetAsync()
            ?? throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");
        var now = clock.GetUtcNow();
        var grace = options.Value.WorkspaceGracePeriod;
        await using (var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id))
        {
            await using var delete = scope.CreateCommand(
                "UPDATE workspaces SET deleted_at = $2, purge_after = $3, version = version + 1 WHERE id = $1 AND deleted_at IS NULL");
            delete.Parameters.AddWithValue(Id);
            delete.Parameters.AddWithValue(now);
            delete.Parameters.AddWithValue(now + grace);
            if (await delete.ExecuteNonQueryAsync() == 0)
            {
                throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");
            }

            // Registered before the commit: a node that dies in between leaves a reminder that finds nothing to do and
            // removes itself, never a soft-deleted workspace that nothing will purge. (No tick runs before this call
            // ends: it is a call to this same grain.)
            await DueReminder.RegisterAsync(this, PurgeReminder, now + grace, now, options.Value.ReminderPeriod);
            await scope.CommitAsync();
        }

        await Workspace.ReloadAsync();
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.WorkspaceDeleted, SecurityOutcome.Success, AccountId: actorAccountId, WorkspaceId: Id,
            ActorAccountId: actorAccountId, Metadata: new Dictionary<string, string> { ["purgeAfter"] = (now + grace).ToString("O") }));
        return before with { DeletedAt = now, PurgeAfter = now + grace, Version = before.Version + 1 };
    }

    public async Task<WorkspaceInfo> RestoreAsync(Guid actorAccountId)
    {
        var before = await Workspace.GetIncludingDeletedAsync()
            ?? throw new WorkspaceRuleException(WorkspaceRuleViolation.NotFound, "No such workspace.");
        await using (var scope = await WorkspaceScope.BeginAsync(dataSources.App, Id))
        {
            await using var restore = scope.CreateCommand("""
                UPDATE workspaces SET deleted_at = NULL, purge_after = NULL, version = version + 1
                WHERE id = $1 AND deleted_at IS NOT NULL AND purge_after > $2
                  AND NOT EXISTS (SELECT 1 FROM workspace_purges WHERE purged_workspace = $1)
                """);
            restore.Parameters.AddWithValue(Id);
            restore.Parameters.AddWithValue(clock.GetUtcNow());
            if (await restore.ExecuteNonQueryAsync() == 0)
            {
                return !before.IsDeleted ? before
                    : throw new WorkspaceRuleException(WorkspaceRuleViolation.GracePeriodOver, "The grace period is over: this workspace is being deleted for good.");
            }

            await scope.CommitAsync();
        }

        await Workspace.ReloadAsync();
        await UnregisterAsync(PurgeReminder);
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
            var period = TimeSpan.FromTicks(Math.Max(options.Value.ReminderPeriod.Ticks, Math.Min(options.Value.EntityRetention.Ticks, TimeSpan.FromDays(1).Ticks)));
            await this.RegisterOrUpdateReminder(EntityPurgeReminder, period, period);
            _entityPurgeScheduled = true;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        metrics.ReminderTick(reminderName, status, clock.GetUtcNow());
        GrainCaller.ActAs(SystemCaller.WorkspaceLifecycle);
        if (reminderName == EntityPurgeReminder)
        {
            await purger.PurgeDeletedEntitiesAsync(Id, clock.GetUtcNow() - options.Value.EntityRetention);
            return;
        }

        if (reminderName != PurgeReminder)
        {
            return;
        }

        // Decided from the database, never from a cache: a restore must win over a stale copy.
        if (await purger.PurgeAsync(Id) is not { } counts)
        {
            if (await purger.PurgeAfterAsync(Id) is null)
            {
                // Restored, or purged and audited already: nothing is left to wake up for.
                await UnregisterAsync(PurgeReminder);
            }

            return;
        }

        await Workspace.ReloadAsync();
        var metadata = counts.ToDictionary(c => c.Key, c => c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        metadata["total"] = counts.Values.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.WorkspacePurged, SecurityOutcome.Success, WorkspaceId: Id, Metadata: metadata));
        await purger.MarkAuditedAsync(Id);
        await UnregisterAsync(PurgeReminder);
    }

    private Task UnregisterAsync(string name) => DueReminder.UnregisterAsync(this, name);
}
