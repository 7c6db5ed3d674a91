using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Web.Workspaces;

namespace Albumi.Web.Catalog;

/// <summary>
/// <c>/v1/workspaces/{ws}/proposals</c>: open a draft, read it with its changes, merge it or discard it. Changes are
/// made inside a draft through the entity routes with <c>?proposal={id}</c>.
/// </summary>
public static class ProposalEndpoints
{
    public static RouteGroupBuilder MapProposalEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var proposals = workspace.MapGroup("/proposals").WithTags("Catalog");
        proposals.MapPost("/", OpenAsync).RequirePermission(Permission.EntityUpdate);
        proposals.MapGet("/", ListAsync).RequirePermission(Permission.EntityRead);
        proposals.MapGet("/{proposalId}", GetAsync).RequirePermission(Permission.EntityRead);
        proposals.MapPost("/{proposalId}/merge", MergeAsync).RequirePermission(Permission.EntityUpdate);
        proposals.MapPost("/{proposalId}/discard", DiscardAsync).RequirePermission(Permission.EntityUpdate);
        return workspace;
    }

    private static async Task<IResult> OpenAsync(HttpContext http, ProposalStore store)
    {
        var actor = CatalogEndpoints.Actor(http);
        var body = await JsonBody.ReadAsync(http.Request);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String)
        {
            throw CatalogValidationException.For("title", "A title (a string) is required.");
        }

        var proposal = await store.OpenAsync(actor, title.GetString());
        return TypedResults.Created($"/v1/workspaces/{actor.WorkspaceId}/proposals/{proposal.Id}", CatalogJson.Proposal(proposal, []));
    }

    private static async Task<IResult> ListAsync(HttpContext http, ProposalStore store)
        => TypedResults.Ok(new JsonArray([.. (await store.ListAsync(CatalogEndpoints.Actor(http))).Select(p => (JsonNode)CatalogJson.Proposal(p))]));

    private static async Task<IResult> GetAsync(string proposalId, HttpContext http, ProposalStore store)
    {
        var (proposal, changes) = await store.GetAsync(CatalogEndpoints.Actor(http), CatalogQuery.Id(proposalId, "proposal"));
        return TypedResults.Ok(CatalogJson.Proposal(proposal, changes));
    }

    private static async Task<IResult> MergeAsync(string proposalId, HttpContext http, ProposalStore store)
    {
        var actor = CatalogEndpoints.Actor(http);
        var id = CatalogQuery.Id(proposalId, "proposal");
        await store.MergeAsync(actor, id);
        var (proposal, changes) = await store.GetAsync(actor, id);
        return TypedResults.Ok(CatalogJson.Proposal(proposal, changes));
    }

    private static async Task<IResult> DiscardAsync(string proposalId, HttpContext http, ProposalStore store)
    {
        await store.DiscardAsync(CatalogEndpoints.Actor(http), CatalogQuery.Id(proposalId, "proposal"));
        return TypedResults.NoContent();
    }
}
