using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;
using Albumi.Web.Requests;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// One entity under the same rules as the API (membership, 2FA, classification): its fields as text; for editors a form
/// changing every field (saved with the version read, or into a draft proposal), delete, and a share link; its comments
/// with a form that mentions members; and its activity timeline.
/// </summary>
public sealed class EntityModel(WorkspacePageAccess access, CatalogStore catalog, CommentStore comments, ProposalStore proposals, IGrainFactory grains) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public Guid WorkspaceId => Workspace.Id;

    public CatalogEntity Entity { get; private set; } = null!;

    public IReadOnlyList<ActivityEntry> Activity { get; private set; } = [];

    public IReadOnlyList<CatalogComment> Comments { get; private set; } = [];

    public CatalogNames Names { get; private set; } = null!;

    /// <summary>For each kind a reference field of this entity points at, the entities it may be set to (the first page).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CatalogEntity>> Choices { get; private set; } = new Dictionary<string, IReadOnlyList<CatalogEntity>>();

    /// <summary>Open proposals an edit may be saved into instead of the catalogue.</summary>
    public IReadOnlyList<Proposal> Drafts { get; private set; } = [];

    public bool MayEdit { get; private set; }

    public bool MayDelete { get; private set; }

    public bool MayComment { get; private set; }

    public bool MayShare { get; private set; }

    /// <summary>Set when a new share link needs a step-up first (those who may share): the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>What the last action on this page did, in words (the page was reloaded to show it).</summary>
    public string? DoneMessage => Done switch
    {
        "saved" => "Your changes were saved.",
        "restored" => $"The {Entity.Kind.Singular} was restored.",
        "commented" => "Your comment was added.",
        _ => null,
    };

    public string Path => $"/workspaces/{WorkspaceId}/{Entity.Kind.Segment}/{Entity.Id}";

    public async Task<IActionResult> OnGetAsync(string ws, string kind, string id)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        if (caller is null || !EntityKinds.TryFind(kind, out var entityKind) || !RouteIds.TryParse(id, out var entityId))
        {
            return NotFound();
        }

        try
        {
            Entity = await catalog.GetAsync(caller, entityKind, entityId);
            Activity = await catalog.EntityActivityAsync(caller, entityKind, entityId, CatalogStore.MaxPageSize);
            Comments = await comments.ListAsync(caller, entityKind, entityId);
        }
        catch (CatalogNotFoundException)
        {
            return NotFound();
        }

        Workspace = workspace!;
        MayEdit = RolePermissions.Allows(caller.Role, Permission.EntityUpdate);
        MayDelete = RolePermissions.Allows(caller.Role, Permission.EntityDelete);
        MayComment = RolePermissions.Allows(caller.Role, Permission.CommentCreate);
        MayShare = RolePermissions.Allows(caller.Role, Permission.ShareCreate);
        StepUp = MayShare ? await Shared.StepUpPrompt.ForAsync(HttpContext) : null;

        var mentioned = entityKind.Fields.SelectMany(f => CatalogNames.IdsIn(f, Entity.Values.GetValueOrDefault(f.Name)))
            .Concat(Activity.SelectMany(entry => ActivityText.IdsIn(entry, entityKind)));
        Names = await CatalogNames.LoadAsync(catalog, grains, caller, mentioned);
        if (MayEdit)
        {
            Choices = await ChoicesAsync(caller, entityKind);
            Drafts = [.. (await proposals.ListAsync(caller)).Where(p => p.Status == Proposal.Draft)];
        }

        return Page();
    }

    /// <summary>The entity's value of <paramref name="field"/> as text.</summary>
    public string Text(FieldSpec field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return FieldText.Of(field, Entity.Values.GetValueOrDefault(field.Name), Names);
    }

    /// <summary>The ids <paramref name="field"/> holds now, to mark the chosen options.</summary>
    public IReadOnlySet<Guid> Chosen(FieldSpec field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return CatalogNames.IdsIn(field, Entity.Values.GetValueOrDefault(field.Name)).ToHashSet();
    }

    /// <summary>A string field's value as an input's value ("" for none).</summary>
    public string Raw(FieldSpec field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Entity.Values.GetValueOrDefault(field.Name) is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
    }

    private async Task<Dictionary<string, IReadOnlyList<CatalogEntity>>> ChoicesAsync(CatalogActor caller, EntityKind kind)
    {
        var targets = kind.Fields.SelectMany(TargetsOf).Distinct();
        var choices = new Dictionary<string, IReadOnlyList<CatalogEntity>>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var (items, _) = await catalog.ListAsync(caller, EntityKinds.Find(target), null, CatalogStore.MaxPageSize);
            choices[target] = items;
        }

        return choices;
    }

    private static IEnumerable<string> TargetsOf(FieldSpec field) => field.Type switch
    {
        FieldType.Reference or FieldType.References => [field.Target!],
        FieldType.AlbumItems => EntityKinds.All.Where(k => k != EntityKinds.Albums).Select(k => k.Segment),
        _ => [],
    };
}
