using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;

namespace Albumi.Grains.Catalog;

/// <summary>
/// The mainline catalogue of one workspace: list, read, create, change, delete and restore entities. Each call is one
/// transaction in the caller's workspace scope; the activity row of a change is written in that same transaction.
/// </summary>
public sealed class CatalogStore(AlbumiDataSources dataSources, AlbumiClock clock, IGrainFactory grains)
{
    public const int MaxPageSize = 200;

    public async Task<(IReadOnlyList<CatalogEntity> Items, Guid? Next)> ListAsync(CatalogActor actor, EntityKind kind, Guid? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var visible = await VisibleAsync(scope, actor);
        var size = Math.Clamp(limit, 1, MaxPageSize);
        var page = await EntityRows.PageAsync(scope, kind, after, size + 1, visible);
        var more = page.Count > size;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return (page, more ? page[^1].Id : null);
    }

    /// <summary>
    /// A page of the entities <paramref name="filter"/> keeps, in id order: after <paramref name="after"/>, or the last
    /// page before <paramref name="before"/>. <c>More</c> says whether another page lies further the same way.
    /// </summary>
    public async Task<(IReadOnlyList<CatalogEntity> Items, bool More)> ListAsync(
        CatalogActor actor, EntityKind kind, CatalogListFilter filter, Guid? after, Guid? before, int limit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var (visible, hidden) = await ViewAsync(scope, actor);
        var size = Math.Clamp(limit, 1, MaxPageSize);
        var page = await EntityRows.FilteredPageAsync(scope, kind, filter, after, before, size + 1, visible);
        var more = page.Count > size;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        if (before is not null)
        {
            page.Reverse();
        }

        return (page.ConvertAll(hidden.Scrub), more);
    }

    /// <summary>The kind and name of those of <paramref name="ids"/> that are live and the caller may see.</summary>
    public async Task<IReadOnlyDictionary<Guid, (string Kind, string Name)>> NamesAsync(CatalogActor actor, IReadOnlyCollection<Guid> ids)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, (string, string)>();
        }

        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var (visible, hidden) = await ViewAsync(scope, actor);
        return await EntityRows.LiveNamesAsync(scope, [.. ids.Where(id => !hidden.Contains(id))], visible);
    }

    public async Task<CatalogEntity> GetAsync(CatalogActor actor, EntityKind kind, Guid id)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var (visible, hidden) = await ViewAsync(scope, actor);
        return hidden.Scrub(await EntityRows.FindAsync(scope, kind, id, visible) ?? throw new CatalogNotFoundException(kind.Singular));
    }

    public async Task<CatalogEntity> CreateAsync(CatalogActor actor, EntityKind kind, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var input = EntityInput.Parse(kind, body, creating: true);
        var id = Guid.CreateVersion7();
        var values = EntityValues.New(kind, input);
        EntityInput.CheckWhole(kind, id, values);

        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        await ReferenceChecks.RunAsync(scope, kind, id, input, await VisibleAsync(scope, actor));
        var now = clock.GetUtcNow();
        await EntityRows.InsertAsync(scope, id, kind, values, actor.AccountId, now);
        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Created, kind, id, null, EntityDiff.Between(kind, null, values), now);
        await NotifyAssigneeAsync(scope, null, values, id, actor, now);
        await scope.CommitAsync();
        return new CatalogEntity(id, kind, values, 1, now, now, actor.AccountId, null);
    }

    /// <summary>Applies a partial update; with <paramref name="expectedVersion"/> only if the entity is still at it.</summary>
    public async Task<CatalogEntity> UpdateAsync(CatalogActor actor, EntityKind kind, Guid id, JsonElement body, int? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        var (visible, hidden) = await ViewAsync(scope, actor);
        var current = await EntityRows.FindAsync(scope, kind, id, visible, forUpdate: true) ?? throw new CatalogNotFoundException(kind.Singular);
        var input = EntityInput.Parse(kind, body, creating: false);
        if (expectedVersion is { } expected && expected != current.Version)
        {
            throw new VersionConflictException(expected, current.Version);
        }

        var patch = hidden.KeepHidden(kind, current.Values, input);

        var values = EntityValues.Patched(current.Values, patch);
        EntityInput.CheckWhole(kind, id, values);
        await ReferenceChecks.RunAsync(scope, kind, id, EntityValues.Changed(hidden.Scrub(current).Values, input), visible);
        var diff = EntityDiff.Between(kind, current.Values, values);
        if (diff.Count == 0)
        {
            return hidden.Scrub(current);
        }

        var now = clock.GetUtcNow();
        await EntityRows.UpdateAsync(scope, id, current.Version, values, now);
        var changeType = EntityDiff.ChangedFields(diff).Contains("status") ? ActivityRows.StatusChanged : ActivityRows.Updated;
        await ActivityRows.WriteAsync(scope, actor.AccountId, changeType, kind, id, null, diff, now);
        await NotifyAssigneeAsync(scope, current.Values, values, id, actor, now);
        await scope.CommitAsync();
        return hidden.Scrub(current with { Values = values, Version = current.Version + 1, UpdatedAt = now });
    }

    public async Task DeleteAsync(CatalogActor actor, EntityKind kind, Guid id, int? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        var current = await EntityRows.FindAsync(scope, kind, id, await VisibleAsync(scope, actor), forUpdate: true)
            ?? throw new CatalogNotFoundException(kind.Singular);
        if (expectedVersion is { } expected && expected != current.Version)
        {
            throw new VersionConflictException(expected, current.Version);
        }

        var now = clock.GetUtcNow();
        await EntityRows.SetDeletedAsync(scope, id, now, now);
        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Deleted, kind, id, null, [], now);
        await scope.CommitAsync();
        await grains.GetGrain<Workspaces.IWorkspaceLifecycleGrain>(actor.WorkspaceId).ScheduleEntityPurgeAsync();
    }

    /// <summary>Brings a soft-deleted entity back, as it was; restoring a live one changes nothing.</summary>
    public async Task<CatalogEntity> RestoreAsync(CatalogActor actor, EntityKind kind, Guid id)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        var (visible, hidden) = await ViewAsync(scope, actor);
        var current = hidden.Scrub(await EntityRows.FindAsync(scope, kind, id, visible, includeDeleted: true, forUpdate: true)
            ?? throw new CatalogNotFoundException(kind.Singular));
        if (current.DeletedAt is null)
        {
            return current;
        }

        var now = clock.GetUtcNow();
        await EntityRows.SetDeletedAsync(scope, id, null, now);
        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Restored, kind, id, null, [], now);
        await scope.CommitAsync();
        return current with { DeletedAt = null, Version = current.Version + 1, UpdatedAt = now };
    }

    /// <summary>The mainline history of a live entity the caller may see, newest first.</summary>
    public async Task<IReadOnlyList<ActivityEntry>> EntityActivityAsync(CatalogActor actor, EntityKind kind, Guid id, int limit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var (visible, hidden) = await ViewAsync(scope, actor);
        _ = await EntityRows.FindAsync(scope, kind, id, visible) ?? throw new CatalogNotFoundException(kind.Singular);
        return (await ActivityRows.ForEntityAsync(scope, id, Math.Clamp(limit, 1, MaxPageSize))).ConvertAll(hidden.Scrub);
    }

    /// <summary>The workspace's mainline feed (or one proposal's draft changes), without entities hidden from the caller.</summary>
    public async Task<IReadOnlyList<ActivityEntry>> WorkspaceActivityAsync(CatalogActor actor, Guid? proposalId, long? before, int limit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        if (proposalId is { } proposal && await ProposalRows.FindAsync(scope, proposal) is null)
        {
            throw new CatalogNotFoundException("proposal");
        }

        var (_, hidden) = await ViewAsync(scope, actor);
        return (await ActivityRows.ForWorkspaceAsync(scope, proposalId, before, Math.Clamp(limit, 1, MaxPageSize), hidden.Ids)).ConvertAll(hidden.Scrub);
    }

    public async Task<IReadOnlyList<CatalogNotification>> NotificationsAsync(CatalogActor actor, int limit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        return await NotificationRows.ForAccountAsync(scope, actor.AccountId, await VisibleAsync(scope, actor), Math.Clamp(limit, 1, MaxPageSize));
    }

    public async Task<ClassificationPolicy> GetPolicyAsync(Guid workspaceId)
    {
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, workspaceId);
        return await ClassificationPolicyRows.LoadAsync(scope);
    }

    public async Task SetPolicyAsync(Guid workspaceId, ClassificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, workspaceId);
        await ClassificationPolicyRows.SaveAsync(scope, policy);
        await scope.CommitAsync();
    }

    /// <summary>The classifications the caller may see, and the entities that leaves hidden.</summary>
    internal static async Task<(string[] Visible, HiddenEntities Hidden)> ViewAsync(WorkspaceScope scope, CatalogActor actor)
        => await ViewAsync(scope, await ClassificationPolicyRows.LoadAsync(scope), actor.Role);

    /// <summary>The same, from a policy the caller has loaded already.</summary>
    internal static async Task<(string[] Visible, HiddenEntities Hidden)> ViewAsync(WorkspaceScope scope, ClassificationPolicy policy, Workspaces.WorkspaceRole role)
    {
        var visible = policy.VisibleTo(role);
        var hidden = await ClassificationPolicyRows.HiddenAsync(scope, visible);
        return (visible, hidden.Count == 0 ? HiddenEntities.None : new HiddenEntities(hidden));
    }

    internal static async Task<string[]> VisibleAsync(WorkspaceScope scope, CatalogActor actor)
        => (await ClassificationPolicyRows.LoadAsync(scope)).VisibleTo(actor.Role);

    internal static Task NotifyAssigneeAsync(
        WorkspaceScope scope, IReadOnlyDictionary<string, JsonNode?>? before, IReadOnlyDictionary<string, JsonNode?> after, Guid id, CatalogActor actor, DateTimeOffset now)
        => EntityValues.Assignee(after) is { } assignee && assignee != (before is null ? null : EntityValues.Assignee(before))
            ? NotificationRows.WriteAsync(scope, [assignee], NotificationRows.Assigned, id, null, actor.AccountId, now)
            : Task.CompletedTask;
}
