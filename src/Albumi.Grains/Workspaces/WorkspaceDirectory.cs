using Albumi.Grains.Accounts;
using Albumi.Grains.Caching;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// An account's own workspaces: its memberships from the account grain, each workspace from its grain, both through this
/// node's cache. The grains drop every node's copy on a change, so a warm listing makes no grain call and touches no database.
/// </summary>
public sealed class WorkspaceDirectory(IGrainFactory grains, NodeCache cache)
{
    private static readonly Comparison<(WorkspaceInfo Workspace, WorkspaceRole Role)> ByNameThenId = static (a, b)
        => string.CompareOrdinal(a.Workspace.Name, b.Workspace.Name) is var byName and not 0 ? byName : a.Workspace.Id.CompareTo(b.Workspace.Id);

    public async ValueTask<IReadOnlyList<(WorkspaceInfo Workspace, WorkspaceRole Role)>> ForAccountAsync(Guid accountId)
    {
        var memberships = await cache.GetOrFetchAsync(
            CacheKeys.AccountMemberships(accountId), (grains, accountId), static s => s.grains.GetGrain<IAccountGrain>(s.accountId).GetMembershipsAsync(), static _ => DateTimeOffset.MaxValue);
        var result = new List<(WorkspaceInfo Workspace, WorkspaceRole Role)>(memberships.Count);
        for (var i = 0; i < memberships.Count; i++)
        {
            if (await LiveAsync(memberships[i].WorkspaceId) is { } workspace)
            {
                result.Add((workspace, memberships[i].Role));
            }
        }

        result.Sort(ByNameThenId);
        return result;
    }

    /// <summary>
    /// The account's soft-deleted workspaces that it owns (the ones it may restore), soonest purge first: its own
    /// memberships, each checked against the workspace's roster (deleted included), so another account's never appear.
    /// </summary>
    public async ValueTask<IReadOnlyList<WorkspaceInfo>> DeletedOwnedByAsync(Guid accountId)
    {
        var memberships = await cache.GetOrFetchAsync(
            CacheKeys.AccountMemberships(accountId), (grains, accountId), static s => s.grains.GetGrain<IAccountGrain>(s.accountId).GetMembershipsAsync(), static _ => DateTimeOffset.MaxValue);
        var result = new List<WorkspaceInfo>();
        foreach (var membership in memberships)
        {
            if (membership.Role == WorkspaceRole.Owner
                && await MemberAsync(membership.WorkspaceId, accountId, includeDeleted: true, forChange: false) is ({ IsDeleted: true } workspace, WorkspaceRole.Owner))
            {
                result.Add(workspace);
            }
        }

        result.Sort(static (a, b) => Nullable.Compare(a.PurgeAfter, b.PurgeAfter));
        return result;
    }

    /// <summary>
    /// The workspace and the account's role in it, for every request's access check: null when the account is not a
    /// member, when the workspace does not exist, or when it is soft-deleted and <paramref name="includeDeleted"/> is not
    /// set. Read from this node's copy of the workspace's roster, which its grain fetches after checking the row's version
    /// and drops on every node before any change returns; a stranger's answer is never kept. A request that makes a change
    /// (<paramref name="forChange"/>) asks the grain itself: its version-checked read also brings a second activation up
    /// to date before the write that follows, which it would otherwise refuse as made concurrently.
    /// </summary>
    public async ValueTask<(WorkspaceInfo Workspace, WorkspaceRole Role)?> MemberAsync(Guid workspaceId, Guid accountId, bool includeDeleted, bool forChange)
    {
        var roster = forChange
            ? await grains.GetGrain<IWorkspaceGrain>(workspaceId).GetRosterAsync(accountId)
            : await cache.GetOrFetchAsync(
                CacheKeys.WorkspaceRoster(workspaceId), (grains, workspaceId, accountId),
                static s => s.grains.GetGrain<IWorkspaceGrain>(s.workspaceId).GetRosterAsync(s.accountId), static found => found is null ? null : DateTimeOffset.MaxValue);
        return roster?.RoleOf(accountId, includeDeleted) is { } role ? (roster.Workspace, role) : null;
    }

    /// <summary>The workspace unless it is deleted or missing, through this node's cache (its grain drops every copy on a change).</summary>
    private ValueTask<WorkspaceInfo?> LiveAsync(Guid workspaceId)
        => cache.GetOrFetchAsync(
            CacheKeys.Workspace(workspaceId), (grains, workspaceId), static s => s.grains.GetGrain<IWorkspaceGrain>(s.workspaceId).GetAsync(), static found => found is null ? null : DateTimeOffset.MaxValue);
}
