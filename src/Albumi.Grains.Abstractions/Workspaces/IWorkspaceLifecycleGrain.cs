namespace Albumi.Grains.Workspaces;

/// <summary>
/// A workspace's end of life, keyed like its <see cref="IWorkspaceGrain"/>: soft delete with a grace period, restore
/// within it, and a reminder that hard-deletes every row of the workspace when it ends.
/// </summary>
[Alias("albumi.workspace-lifecycle-grain")]
public interface IWorkspaceLifecycleGrain : IGrainWithGuidKey
{
    /// <summary>Soft-deletes the workspace and schedules its hard delete at the end of the grace period.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceInfo> DeleteAsync(Guid actorAccountId);

    /// <summary>Makes sure soft-deleted entities of this workspace are purged once their retention has passed.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task ScheduleEntityPurgeAsync();

    /// <summary>Brings a soft-deleted workspace back, everything intact, and cancels its hard delete.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<WorkspaceInfo> RestoreAsync(Guid actorAccountId);
}
