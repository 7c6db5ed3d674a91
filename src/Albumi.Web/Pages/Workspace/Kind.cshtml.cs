using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// The entities of one kind, a page at a time, with a form to add one: its name and the references it cannot exist
/// without (an integration's two applications), chosen from the entities the caller may see.
/// </summary>
public sealed class KindModel(WorkspacePageAccess access, CatalogStore catalog) : PageModel
{
    public const int PageSize = 50;

    public WorkspaceInfo Workspace { get; private set; } = null!;

    public EntityKind Kind { get; private set; } = null!;

    public IReadOnlyList<CatalogEntity> Entities { get; private set; } = [];

    public Guid? Next { get; private set; }

    public bool MayCreate { get; private set; }

    /// <summary>For each required reference field, the entities it may point at (the first page of the target kind).</summary>
    public IReadOnlyList<(FieldSpec Field, IReadOnlyList<CatalogEntity> Choices)> RequiredReferences { get; private set; } = [];

    /// <summary>A kind's name as a heading or link: "Data objects".</summary>
    public static string Title(EntityKind kind) => char.ToUpperInvariant(kind.Plural[0]) + kind.Plural[1..];

    public static string WithArticle(string noun)
        => ("aeiouAEIOU".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;

    public async Task<IActionResult> OnGetAsync(string ws, string kind, string? after)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        Guid? cursor = Guid.TryParseExact(after, "D", out var a) ? a : null;
        if (!EntityKinds.TryFind(kind, out var entityKind) || (after is not null && cursor is null))
        {
            return NotFound();
        }

        (Workspace, Kind) = (workspace!, entityKind);
        var actor = caller!;
        (Entities, Next) = await catalog.ListAsync(actor, entityKind, cursor, PageSize);
        MayCreate = RolePermissions.Allows(actor.Role, Permission.EntityCreate);
        if (MayCreate)
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
}
