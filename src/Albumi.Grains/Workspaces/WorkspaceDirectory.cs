using Albumi.Grains.Accounts;

namespace Albumi.Grains.Workspaces;

/// <summary>
/// An account's own workspaces: its memberships from the account grain, each workspace from its grain. Both are cached
/// and invalidated by announcements, so a warm listing touches no database.
/// </summary>
public sealed class WorkspaceDirectory(IGrainFactory grains)
{
    public async Task<IReadOnlyList<(WorkspaceInfo Workspace, WorkspaceRole Role)>> ForAccountAsync(Guid accountId)
    {
        var memberships = await grains.GetGrain<IAccountGrain>(accountId).GetMembershipsAsync();
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
