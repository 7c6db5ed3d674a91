using Albumi.Grains.Accounts;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// Creates a new workspace from an import, in one transaction, on the node that reads the upload: the rows stream from
/// the request body into PostgreSQL and never cross a grain call. No grain holds the new workspace before the commit
/// (its id is fresh); afterwards the owner's account grain forgets its memberships, so the workspace is listed at once.
/// </summary>
public sealed class WorkspaceImporter(AlbumiDataSources dataSources, IGrainFactory grains, AlbumiClock clock)
{
    public async Task<IReadOnlyList<ImportedInvite>> ImportAsync(Guid workspaceId, WorkspaceImport import, Guid ownerAccountId, string ownerEmail)
    {
        ArgumentNullException.ThrowIfNull(import);
        IReadOnlyList<ImportedInvite> invites;
        await using (var scope = await WorkspaceScope.BeginAsync(dataSources.App, workspaceId))
        {
            invites = await WorkspaceImportWriter.WriteAsync(scope, import, ownerAccountId, ownerEmail, clock.GetUtcNow());
            await scope.CommitAsync();
        }

        await grains.GetGrain<IAccountGrain>(ownerAccountId).ForgetMembershipsAsync();
        return invites;
    }
}
