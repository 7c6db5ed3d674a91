using Albumi.Grains.Accounts;
using Albumi.Grains.Caching;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// An account's own workspaces: its memberships from the account grain (through this node's cache), each workspace from
/// its grain. The grains cache what they answer and drop it on every change, so a warm listing touches no database.
/// </summary>
public sealed class WorkspaceDirectory(IGrainFactory grains, NodeCache cache)
{
    public async Task<IReadOnlyList<(WorkspaceInfo Workspace, WorkspaceRole Role)>> ForAccountAsync(Guid accountId)
    {
        var memberships = await cache.GetOrFetchAsync(
            CacheKeys.AccountMemberships(accountId), (grains, accountId), static s => s.grains.GetGrain<IAccountGrain>(s.accountId).GetMembershipsAsync(), static _ => DateTimeOffset.MaxValue);
        var result = new List<(WorkspaceInfo, WorkspaceRole)>(memberships.Count);
        foreach (var membership in memberships)
        {
            if (await grains.GetGrain<IWorkspaceGrain>(membership.WorkspaceId).GetAsync() is { } workspace)
            {
                result.Add((workspace, membership.Role));
            }
        }

        return result.OrderBy(w => w.Item1.Name, StringComparer.Ordinal).ThenBy(w => w.Item1.Id).ToList();
    }
}
