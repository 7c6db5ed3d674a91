using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;

namespace Albumi.Grains.Catalog;

/// <summary>
/// Proposals: a member opens a draft, changes entities inside it (recorded, invisible on the mainline), then merges it
/// in one transaction or discards it. A merge that would overwrite a mainline change made since the draft touched the
/// same field is refused with the list of conflicts.
/// </summary>
public sealed class ProposalStore(AlbumiDataSources dataSources, AlbumiClock clock, IGrainFactory grains)
{
    public async Task<Proposal> OpenAsync(CatalogActor actor, string? title)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var trimmed = title?.Trim();
        if (trimmed is not { Length: >= 1 and <= 200 } || trimmed.Any(char.IsControl))
        {
            throw CatalogValidationException.For("title", "A title of 1 to 200 characters, without control characters, is required.");
        }

        var proposal = new Proposal(Guid.CreateVersion7(), trimmed, actor.AccountId, Proposal.Draft, clock.GetUtcNow(), null);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        await ProposalRows.InsertAsync(scope, proposal);
        await scope.CommitAsync();
        return proposal;
    }

    public async Task<IReadOnlyList<Proposal>> ListAsync(CatalogActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        return await ProposalRows.ListAsync(scope, CatalogStore.MaxPageSize);
    }

    /// <summary>The proposal and its changes, leaving out entities the caller may not see.</summary>
    public async Task<(Proposal Proposal, IReadOnlyList<ProposalChange> Changes)> GetAsync(CatalogActor actor, Guid proposalId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        var proposal = await ProposalRows.FindAsync(scope, proposalId) ?? throw new CatalogNotFoundException("proposal");
        var (visible, hidden) = await CatalogStore.ViewAsync(scope, actor);
        var changes = (await ProposalRows.ChangesAsync(scope, proposalId))
            .Where(c => !hidden.Contains(c.EntityId) && (c.Fields["classification"] is not { } classification || visible.Contains(classification.GetValue<string>())))
            .Select(c => c with { Fields = hidden.Scrub(c.Kind, c.Fields), Base = hidden.Scrub(c.Kind, c.Base) })
            .ToList();
        return (proposal, changes);
    }

    /// <summary>An entity as the draft would leave it: its mainline state with the draft's changes on top.</summary>
    public async Task<CatalogEntity> GetInAsync(CatalogActor actor, Guid proposalId, EntityKind kind, Guid id)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        _ = await ProposalRows.FindAsync(scope, proposalId) ?? throw new CatalogNotFoundException("proposal");
        var (visible, hidden) = await CatalogStore.ViewAsync(scope, actor);
        var (_, _, draft) = await DraftViewAsync(scope, visible, proposalId, kind, id);
        return hidden.Scrub(draft);
    }

    public async Task<CatalogEntity> CreateInAsync(CatalogActor actor, Guid proposalId, EntityKind kind, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await OpenDraftAsync(actor, proposalId);
        var input = EntityInput.Parse(kind, body, creating: true);
        var id = Guid.CreateVersion7();
        var values = EntityValues.New(kind, input);
        EntityInput.CheckWhole(kind, id, values);
        await ReferenceChecks.RunAsync(scope, kind, id, input, await CatalogStore.VisibleAsync(scope, actor));
        var now = clock.GetUtcNow();
        await ProposalRows.SaveChangeAsync(scope, proposalId, new ProposalChange(id, kind, ProposalChange.Create, ToObject(values), []));
        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Created, kind, id, proposalId, EntityDiff.Between(kind, null, values), now);
        await scope.CommitAsync();
        return new CatalogEntity(id, kind, values, 0, now, now, actor.AccountId, null);
    }

    public async Task<CatalogEntity> UpdateInAsync(CatalogActor actor, Guid proposalId, EntityKind kind, Guid id, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await OpenDraftAsync(actor, proposalId);
        var (visible, hidden) = await CatalogStore.ViewAsync(scope, actor);
        var (mainline, change, draft) = await DraftViewAsync(scope, visible, proposalId, kind, id);
        var input = EntityInput.Parse(kind, body, creating: false);
        var patch = hidden.KeepHidden(kind, draft.Values, input);
        var values = EntityValues.Patched(draft.Values, patch);
        EntityInput.CheckWhole(kind, id, values);
        await ReferenceChecks.RunAsync(scope, kind, id, EntityValues.Changed(hidden.Scrub(draft).Values, input), visible);

        ProposalChange saved;
        if (mainline is null)
        {
            saved = change! with { Fields = ToObject(values) };
        }
        else
        {
            var fields = change?.Fields.DeepClone().AsObject() ?? [];
            var basis = change?.Base.DeepClone().AsObject() ?? [];
            foreach (var (name, value) in patch)
            {
                fields[name] = value?.DeepClone();
                if (!basis.ContainsKey(name))
                {
                    basis[name] = mainline.Values[name]?.DeepClone();
                }
            }

            saved = new ProposalChange(id, kind, ProposalChange.Update, fields, basis);
        }

        var now = clock.GetUtcNow();
        await ProposalRows.SaveChangeAsync(scope, proposalId, saved);
        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Updated, kind, id, proposalId, EntityDiff.Between(kind, draft.Values, values), now);
        await scope.CommitAsync();
        return hidden.Scrub(draft with { Values = values, UpdatedAt = now });
    }

    public async Task DeleteInAsync(CatalogActor actor, Guid proposalId, EntityKind kind, Guid id)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await OpenDraftAsync(actor, proposalId);
        var (mainline, _, _) = await DraftViewAsync(scope, await CatalogStore.VisibleAsync(scope, actor), proposalId, kind, id);
        if (mainline is null)
        {
            await ProposalRows.RemoveChangeAsync(scope, proposalId, id);
        }
        else
        {
            await ProposalRows.SaveChangeAsync(scope, proposalId, new ProposalChange(id, kind, ProposalChange.Delete, [], []));
        }

        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Deleted, kind, id, proposalId, [], clock.GetUtcNow());
        await scope.CommitAsync();
    }

    /// <summary>Applies every change of the draft to the mainline in one transaction, or none when any conflicts.</summary>
    public async Task<IReadOnlyList<ProposalChange>> MergeAsync(CatalogActor actor, Guid proposalId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await OpenDraftAsync(actor, proposalId);
        var visible = await CatalogStore.VisibleAsync(scope, actor);
        var changes = await ProposalRows.ChangesAsync(scope, proposalId);
        var conflicts = new List<ProposalConflict>();
        var current = new Dictionary<Guid, CatalogEntity>();
        foreach (var change in changes)
        {
            if (change.Operation == ProposalChange.Create)
            {
                await CollectAsync(conflicts, change, () => ReferenceChecks.RunAsync(scope, change.Kind, change.EntityId, ToValues(change.Fields), visible));
                continue;
            }

            if (await EntityRows.FindAsync(scope, change.Kind, change.EntityId, visible, forUpdate: true) is not { } entity)
            {
                if (change.Operation == ProposalChange.Update)
                {
                    conflicts.Add(new ProposalConflict(change.EntityId, change.Kind.Segment, null, "Deleted on the mainline since the draft changed it.", null, null, null));
                }

                continue;
            }

            current[change.EntityId] = entity;
            if (change.Operation == ProposalChange.Update)
            {
                conflicts.AddRange(FieldConflicts(change, entity));
                var fields = ToValues(change.Fields);
                await CollectAsync(conflicts, change, async () =>
                {
                    EntityInput.CheckWhole(change.Kind, change.EntityId, EntityValues.Patched(entity.Values, fields));
                    await ReferenceChecks.RunAsync(scope, change.Kind, change.EntityId, EntityValues.Changed(entity.Values, fields), visible);
                });
            }
        }

        if (conflicts.Count > 0)
        {
            throw new ProposalConflictException(conflicts);
        }

        var now = clock.GetUtcNow();
        var merged = new JsonArray();
        foreach (var change in changes)
        {
            merged.Add(await ApplyAsync(scope, actor, change, current.GetValueOrDefault(change.EntityId), now));
        }

        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.ProposalMerged, null, null, proposalId, merged, now);
        await ProposalRows.CloseAsync(scope, proposalId, Proposal.Merged, now);
        await scope.CommitAsync();

        // Entities the merge deleted are purged after the retention period, as those deleted on the mainline are.
        if (changes.Any(c => c.Operation == ProposalChange.Delete))
        {
            await grains.GetGrain<Workspaces.IWorkspaceLifecycleGrain>(actor.WorkspaceId).ScheduleEntityPurgeAsync();
        }

        return changes;
    }

    public async Task DiscardAsync(CatalogActor actor, Guid proposalId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await OpenDraftAsync(actor, proposalId);
        await ProposalRows.CloseAsync(scope, proposalId, Proposal.Discarded, clock.GetUtcNow());
        await scope.CommitAsync();
    }

    private static async Task<JsonObject> ApplyAsync(WorkspaceScope scope, CatalogActor actor, ProposalChange change, CatalogEntity? entity, DateTimeOffset now)
    {
        var part = new JsonObject { ["entityId"] = change.EntityId.ToString("D"), ["kind"] = change.Kind.Segment, ["operation"] = change.Operation };
        if (change.Operation == ProposalChange.Create)
        {
            var values = EntityValues.New(change.Kind, ToValues(change.Fields));
            await EntityRows.InsertAsync(scope, change.EntityId, change.Kind, values, actor.AccountId, now);
            await CatalogStore.NotifyAssigneeAsync(scope, null, values, change.EntityId, actor, now);
            part["changes"] = EntityDiff.Between(change.Kind, null, values);
        }
        else if (change.Operation == ProposalChange.Update && entity is not null)
        {
            var values = EntityValues.Patched(entity.Values, ToValues(change.Fields));
            await EntityRows.UpdateAsync(scope, change.EntityId, entity.Version, values, now);
            await CatalogStore.NotifyAssigneeAsync(scope, entity.Values, values, change.EntityId, actor, now);
            part["changes"] = EntityDiff.Between(change.Kind, entity.Values, values);
        }
        else if (entity is not null)
        {
            await EntityRows.SetDeletedAsync(scope, change.EntityId, now, now);
            part["changes"] = new JsonArray();
        }

        return part;
    }

    private static IEnumerable<ProposalConflict> FieldConflicts(ProposalChange change, CatalogEntity entity)
    {
        foreach (var (field, basis) in change.Base)
        {
            var mainline = entity.Values.GetValueOrDefault(field);
            var proposed = change.Fields[field];
            if (!JsonNode.DeepEquals(mainline, basis) && !JsonNode.DeepEquals(mainline, proposed))
            {
                var sensitive = change.Kind.Field(field)?.Sensitive == true;
                yield return new ProposalConflict(
                    change.EntityId, change.Kind.Segment, field, "Changed on the mainline since the draft changed it.",
                    sensitive ? null : basis?.DeepClone(), sensitive ? null : mainline?.DeepClone(), sensitive ? null : proposed?.DeepClone());
            }
        }
    }

    private static async Task CollectAsync(List<ProposalConflict> conflicts, ProposalChange change, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (CatalogValidationException invalid)
        {
            conflicts.AddRange(invalid.Errors.Select(e => new ProposalConflict(change.EntityId, change.Kind.Segment, e.Key, string.Join(" ", e.Value), null, null, null)));
        }
    }

    private async Task<WorkspaceScope> OpenDraftAsync(CatalogActor actor, Guid proposalId)
    {
        var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        try
        {
            var proposal = await ProposalRows.FindAsync(scope, proposalId, forUpdate: true) ?? throw new CatalogNotFoundException("proposal");
            return proposal.Status == Proposal.Draft ? scope : throw new ProposalClosedException(proposal.Status);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>The entity's mainline state (null when the draft creates it), the draft's change to it, and the result.</summary>
    private static async Task<(CatalogEntity? Mainline, ProposalChange? Change, CatalogEntity Draft)> DraftViewAsync(
        WorkspaceScope scope, string[] visible, Guid proposalId, EntityKind kind, Guid id)
    {
        var change = (await ProposalRows.ChangesAsync(scope, proposalId)).FirstOrDefault(c => c.EntityId == id && c.Kind == kind);
        if (change?.Operation == ProposalChange.Delete)
        {
            throw new CatalogNotFoundException(kind.Singular);
        }

        if (change?.Operation == ProposalChange.Create)
        {
            var values = EntityValues.New(kind, ToValues(change.Fields));
            var classification = values.GetValueOrDefault("classification")?.GetValue<string>();
            return classification is null || visible.Contains(classification)
                ? (null, change, new CatalogEntity(id, kind, values, 0, default, default, null, null))
                : throw new CatalogNotFoundException(kind.Singular);
        }

        var mainline = await EntityRows.FindAsync(scope, kind, id, visible) ?? throw new CatalogNotFoundException(kind.Singular);
        var draft = change is null ? mainline : mainline with { Values = EntityValues.Patched(mainline.Values, ToValues(change.Fields)) };
        return (mainline, change, draft);
    }

    private static JsonObject ToObject(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var json = new JsonObject();
        foreach (var (name, value) in values)
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }

    private static Dictionary<string, JsonNode?> ToValues(JsonObject json)
        => json.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
}
