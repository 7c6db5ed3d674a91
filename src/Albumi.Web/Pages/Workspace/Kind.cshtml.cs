using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// The entities of one kind, 50 a page, forwards and back; narrowed by a piece of the name and by status, or the deleted
/// ones (with restore for editors); and a form to add one: its name and the references it cannot exist without (an
/// integration's two applications), chosen from the entities the caller may see.
/// </summary>
/// <remarks>
/// The list API pages by cursor only; the name, status and deleted views are the page's own, read through the same
/// store and the same classification rule as the list API. Without script the add form posts here and runs what the
/// create API runs (<see cref="CatalogStore.CreateAsync"/>) after the same access check (member, two-factor, the
/// permission to create, the roster read for a change); a refusal of its input is this page again with each error at its field.
/// </remarks>
public sealed class KindModel(WorkspacePageAccess access, CatalogStore catalog) : PageModel
{
    public const int PageSize = 50;

    public const string DeletedView = "deleted";

    public WorkspaceInfo Workspace { get; private set; } = null!;

    public EntityKind Kind { get; private set; } = null!;

    public IReadOnlyList<CatalogEntity> Entities { get; private set; } = [];

    /// <summary>The query string of the next page, or null on the last.</summary>
    public string? NextLink { get; private set; }

    /// <summary>The query string of the previous page, or null on the first.</summary>
    public string? PreviousLink { get; private set; }

    public bool MayCreate { get; private set; }

    /// <summary>Editors may restore what was deleted.</summary>
    public bool MayRestore { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "view")]
    public string? ListView { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Created { get; set; }

    /// <summary>The entity just added, when it is still there to open.</summary>
    public Guid? CreatedId { get; private set; }

    public bool ShowsDeleted => ListView == DeletedView;

    public bool IsFiltered => !string.IsNullOrEmpty(Search) || !string.IsNullOrEmpty(Status);

    /// <summary>For each required reference field, the entities it may point at (the first page of the target kind).</summary>
    public IReadOnlyList<(FieldSpec Field, IReadOnlyList<CatalogEntity> Choices)> RequiredReferences { get; private set; } = [];

    /// <summary>A kind's name as a heading or link: "Data objects".</summary>
    public static string Title(EntityKind kind) => char.ToUpperInvariant(kind.Plural[0]) + kind.Plural[1..];

    public static string WithArticle(string noun)
        => ("aeiouAEIOU".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;

    /// <summary>What the last action on this list did, in words (the page was reloaded to show it).</summary>
    public string? DoneMessage => Done switch
    {
        "deleted" => $"{Kind.WithArticle} was deleted. Editors can restore it from the deleted {Kind.Plural}.",
        "restored" => $"{Kind.WithArticle} was restored.",
        "created" => $"{Kind.WithArticle} was added.",
        _ => null,
    };

    /// <summary>Why the add form, posted without script, was refused.</summary>
    public Shared.FormErrors CreateErrors { get; private set; } = Shared.FormErrors.None;

    /// <summary>What was typed into the add form when it was refused, by field name (kept for the person to correct).</summary>
    public IReadOnlyDictionary<string, string> Typed { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(string ws, string kind, string? after, string? before)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        return WorkspacePageAccess.Refusal(outcome) ?? await ShowAsync(workspace!, caller!, kind, after, before);
    }

    /// <summary>The add form without script: the create API's own store call, then the list saying so (as the script path goes).</summary>
    public async Task<IActionResult> OnPostCreateAsync([FromRoute] string ws, [FromRoute] string kind)
    {
        if (User.IsApiKey())
        {
            // A page post is a person at a browser; a key uses the API, where its scopes are checked.
            return new Shared.RedirectWithReturnResult("/signin");
        }

        var (outcome, workspace, caller) = await access.CheckAsync(User, ws, requires: Permission.EntityCreate, forChange: true);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        if (!EntityKinds.TryFind(kind, out var entityKind))
        {
            return NotFound();
        }

        // The fields the form has: the name and the references a new entity cannot exist without.
        var fields = new[] { "name" }.Concat(entityKind.Fields.Where(f => f is { Required: true, Type: FieldType.Reference }).Select(f => f.Name)).ToArray();
        var form = Request.HasFormContentType ? await Request.ReadFormAsync() : FormCollection.Empty;
        var typed = fields.ToDictionary(f => f, f => form[f].ToString(), StringComparer.Ordinal);
        var body = new JsonObject();
        foreach (var (field, value) in typed)
        {
            body[field] = value;
        }

        try
        {
            var created = await catalog.CreateAsync(caller!, entityKind, JsonSerializer.SerializeToElement(body));
            return new Shared.SeeOtherResult($"/workspaces/{workspace!.Id}/{entityKind.Segment}?done=created&created={created.Id}");
        }
        catch (CatalogValidationException invalid)
        {
            CreateErrors = Shared.FormErrors.From(new HttpValidationProblemDetails(invalid.Errors.ToDictionary()), fields);
            Typed = typed;
        }

        var page = await ShowAsync(workspace!, caller!, kind, null, null);
        if (page is PageResult shown)
        {
            shown.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }

    private async Task<IActionResult> ShowAsync(WorkspaceInfo workspace, CatalogActor caller, string kind, string? after, string? before)
    {
        Guid? forward = Guid.TryParseExact(after, "D", out var a) ? a : null;
        Guid? backward = Guid.TryParseExact(before, "D", out var b) ? b : null;
        if (!EntityKinds.TryFind(kind, out var entityKind) || (after is not null && forward is null) || (before is not null && backward is null)
            || (forward is not null && backward is not null))
        {
            return NotFound();
        }

        (Workspace, Kind) = (workspace, entityKind);
        var actor = caller;
        MayCreate = RolePermissions.Allows(actor.Role, Permission.EntityCreate);
        MayRestore = RolePermissions.Allows(actor.Role, Permission.EntityDelete);
        Search = Search?.Trim();
        if (Search is { Length: > CatalogListFilter.MaxNameLength })
        {
            Search = Search[..CatalogListFilter.MaxNameLength];
        }

        // An unknown status or view names no entities: shown as "no match" rather than an error, as a search would.
        var status = string.IsNullOrEmpty(Status) ? null : Status;
        var filter = new CatalogListFilter(Search, status, ShowsDeleted);
        if (ListView is not null && !ShowsDeleted)
        {
            ListView = null;
        }

        if (filter.IsNone && backward is null)
        {
            (Entities, var next) = await catalog.ListAsync(actor, entityKind, forward, PageSize);
            NextLink = next is { } n ? Link(("after", n.ToString("D"))) : null;
        }
        else
        {
            var (items, more) = await catalog.ListAsync(actor, entityKind, filter, forward, backward, PageSize);
            Entities = items;
            var nextExists = backward is not null || more;
            NextLink = nextExists && items.Count > 0 ? Link(("after", items[^1].Id.ToString("D"))) : null;
            if (backward is not null)
            {
                PreviousLink = more ? Link(("before", items[0].Id.ToString("D"))) : null;
            }
        }

        if (forward is not null)
        {
            PreviousLink = Entities.Count > 0 ? Link(("before", Entities[0].Id.ToString("D"))) : Link();
        }

        if (Done == "created" && Guid.TryParseExact(Created, "D", out var created))
        {
            CreatedId = (await catalog.NamesAsync(actor, [created])).ContainsKey(created) ? created : null;
        }

        if (MayCreate && !ShowsDeleted)
        {
            var references = new List<(FieldSpec, IReadOnlyList<CatalogEntity>)>();
            foreach (var field in entityKind.Fields.Where(f => f is { Required: true, Type: FieldType.Reference }))
            {
                var (choices, _) = await catalog.ListAsync(actor, EntityKinds.Find(field.Target!), null, CatalogStore.MaxPageSize);
                references.Add((field, choices));
            }

            RequiredReferences = references;
        }

        return Page();
    }

    /// <summary>This list's address with its filters kept and the given cursor.</summary>
    public string Link(params (string Name, string Value)[] cursor)
    {
        var query = new Dictionary<string, string?> { ["q"] = Search, ["status"] = Status, ["view"] = ListView };
        foreach (var (name, value) in cursor)
        {
            query[name] = value;
        }

        var kept = query.Where(p => !string.IsNullOrEmpty(p.Value)).ToList();
        return $"/workspaces/{Workspace.Id}/{Kind.Segment}" + (kept.Count == 0 ? "" : QueryString.Create(kept).ToUriComponent());
    }
}
