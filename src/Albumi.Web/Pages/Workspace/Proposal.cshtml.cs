using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;
using Albumi.Web.Requests;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// One proposal: each entity it creates, changes or deletes, with every field it sets as before → after (the value when
/// the draft first touched it, and the draft's); for editors, merge and discard while it is a draft.
/// </summary>
public sealed class ProposalModel(WorkspacePageAccess access, ProposalStore proposals, CatalogStore catalog, IGrainFactory grains) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public Proposal Proposal { get; private set; } = null!;

    public IReadOnlyList<ProposalChange> Changes { get; private set; } = [];

    public CatalogNames Names { get; private set; } = null!;

    public bool MayDecide { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string? DoneMessage => Done switch
    {
        "opened" => "The proposal is open. To add a change, edit an entity and choose this proposal under “Save to”.",
        "changed" => "Your change was saved into this proposal; the catalogue is unchanged until it is merged.",
        "merged" => "Merged: the proposal's changes are in the catalogue now.",
        "discarded" => "Discarded: none of its changes reached the catalogue.",
        _ => null,
    };

    public string Path => $"/workspaces/{Workspace.Id}/proposals/{Proposal.Id}";

    public async Task<IActionResult> OnGetAsync(string ws, string proposalId)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        if (caller is null || !RouteIds.TryParse(proposalId, out var id))
        {
            return NotFound();
        }

        try
        {
            (Proposal, Changes) = await proposals.GetAsync(caller, id);
        }
        catch (CatalogNotFoundException)
        {
            return NotFound();
        }

        Workspace = workspace!;
        MayDecide = Proposal.Status == Proposal.Draft && RolePermissions.Allows(caller.Role, Permission.EntityUpdate);
        var mentioned = Changes.SelectMany(change => change.Kind.Fields.SelectMany(field =>
            CatalogNames.IdsIn(field, change.Fields[field.Name]).Concat(CatalogNames.IdsIn(field, change.Base[field.Name])))
            .Append(change.EntityId));
        Names = await CatalogNames.LoadAsync(catalog, grains, caller, mentioned);
        return Page();
    }

    /// <summary>What the change is about: the name the draft gives it, else its name in the catalogue.</summary>
    public string NameOf(ProposalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Fields["name"] is JsonValue name && name.TryGetValue<string>(out var text) ? text : Names.Entity(change.EntityId)?.Name ?? FieldText.Unavailable;
    }

    /// <summary>Each field the change sets: its label, the value before (the mainline's when the draft touched it), and after.</summary>
    public IEnumerable<(string Label, string Before, string After)> Rows(ProposalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var field in change.Kind.Fields.Where(f => change.Fields.ContainsKey(f.Name)))
        {
            var after = change.Fields[field.Name];
            if (change.Operation == ProposalChange.Create && (after is null || after is JsonArray { Count: 0 }))
            {
                continue;
            }

            var before = change.Operation == ProposalChange.Create ? FieldText.Nothing : FieldText.Of(field, change.Base[field.Name], Names);
            yield return (FieldLabels.Of(field.Name), before, FieldText.Of(field, after, Names));
        }
    }

    public string AuthorName => Names.Members.FirstOrDefault(m => m.AccountId == Proposal.AuthorId)?.DisplayName ?? "a former member";
}
