using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Web.Workspaces;

namespace Albumi.Web.Catalog;

/// <summary>
/// <c>/v1/workspaces/{ws}/{kind}</c> for every kind of entity: list, create, read, change, delete, restore, and the
/// entity's activity. With <c>?proposal={id}</c> the writes (and a read) go to that draft instead of the mainline.
/// </summary>
public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        foreach (var kind in EntityKinds.All)
        {
            var entities = workspace.MapGroup("/" + kind.Segment).WithTags("Catalog").WithMetadata(new OpenApi.CatalogKindMetadata(kind));
            entities.MapGet("/", (HttpContext http, CatalogStore store) => ListAsync(kind, http, store))
                .RequirePermission(Permission.EntityRead);
            entities.MapPost("/", (HttpContext http, CatalogStore store, ProposalStore proposals) => CreateAsync(kind, http, store, proposals))
                .RequirePermission(Permission.EntityCreate);
            entities.MapGet("/{id}", (string id, HttpContext http, CatalogStore store, ProposalStore proposals) => GetAsync(kind, id, http, store, proposals))
                .RequirePermission(Permission.EntityRead);
            entities.MapPatch("/{id}", (string id, HttpContext http, CatalogStore store, ProposalStore proposals) => UpdateAsync(kind, id, http, store, proposals))
                .RequirePermission(Permission.EntityUpdate);
            entities.MapDelete("/{id}", (string id, HttpContext http, CatalogStore store, ProposalStore proposals) => DeleteAsync(kind, id, http, store, proposals))
                .RequirePermission(Permission.EntityDelete);
            entities.MapPost("/{id}/restore", (string id, HttpContext http, CatalogStore store) => RestoreAsync(kind, id, http, store))
                .RequirePermission(Permission.EntityDelete);
            entities.MapGet("/{id}/activity", (string id, HttpContext http, CatalogStore store) => ActivityAsync(kind, id, http, store))
                .RequirePermission(Permission.EntityRead);
            entities.MapCommentEndpoints(kind);
        }

        return workspace;
    }

    internal static CatalogActor Actor(HttpContext http)
    {
        var access = WorkspaceAccess.Of(http);
        return new CatalogActor(access.WorkspaceId, access.AccountId, access.Role);
    }

    private static async Task<IResult> ListAsync(EntityKind kind, HttpContext http, CatalogStore store)
    {
        var actor = Actor(http);
        var (items, next) = await store.ListAsync(actor, kind, CatalogQuery.Cursor(http.Request), CatalogQuery.Limit(http.Request));
        return TypedResults.Ok(new CatalogPage(items, next is { } last ? CatalogQuery.CursorFor(last) : null));
    }

    private static async Task<IResult> CreateAsync(EntityKind kind, HttpContext http, CatalogStore store, ProposalStore proposals)
    {
        var actor = Actor(http);
        var proposal = CatalogQuery.Proposal(http.Request);
        var body = await JsonBody.ReadAsync(http.Request);
        var entity = proposal is { } draft ? await proposals.CreateInAsync(actor, draft, kind, body) : await store.CreateAsync(actor, kind, body);
        return Respond(http, entity, created: true);
    }

    private static async Task<IResult> GetAsync(EntityKind kind, string id, HttpContext http, CatalogStore store, ProposalStore proposals)
    {
        var actor = Actor(http);
        var entityId = CatalogQuery.Id(id, kind.Singular);
        var proposal = CatalogQuery.Proposal(http.Request);
        var entity = proposal is { } draft ? await proposals.GetInAsync(actor, draft, kind, entityId) : await store.GetAsync(actor, kind, entityId);
        return Respond(http, entity);
    }

    private static async Task<IResult> UpdateAsync(EntityKind kind, string id, HttpContext http, CatalogStore store, ProposalStore proposals)
    {
        var actor = Actor(http);
        var entityId = CatalogQuery.Id(id, kind.Singular);
        var proposal = CatalogQuery.Proposal(http.Request);
        var body = await JsonBody.ReadAsync(http.Request);
        var entity = proposal is { } draft
            ? await proposals.UpdateInAsync(actor, draft, kind, entityId, body)
            : await store.UpdateAsync(actor, kind, entityId, body, IfMatch.Version(http.Request));
        return Respond(http, entity);
    }

    private static async Task<IResult> DeleteAsync(EntityKind kind, string id, HttpContext http, CatalogStore store, ProposalStore proposals)
    {
        var actor = Actor(http);
        var entityId = CatalogQuery.Id(id, kind.Singular);
        if (CatalogQuery.Proposal(http.Request) is { } draft)
        {
            await proposals.DeleteInAsync(actor, draft, kind, entityId);
        }
        else
        {
            await store.DeleteAsync(actor, kind, entityId, IfMatch.Version(http.Request));
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> RestoreAsync(EntityKind kind, string id, HttpContext http, CatalogStore store)
        => Respond(http, await store.RestoreAsync(Actor(http), kind, CatalogQuery.Id(id, kind.Singular)));

    private static async Task<IResult> ActivityAsync(EntityKind kind, string id, HttpContext http, CatalogStore store)
    {
        var actor = Actor(http);
        var entries = await store.EntityActivityAsync(actor, kind, CatalogQuery.Id(id, kind.Singular), CatalogQuery.Limit(http.Request));
        return TypedResults.Ok(new JsonArray([.. entries.Select(e => (JsonNode)CatalogJson.Activity(e, actor.WorkspaceId))]));
    }

    private static IResult Respond(HttpContext http, CatalogEntity entity, bool created = false)
    {
        if (entity.Version > 0)
        {
            http.Response.Headers.ETag = IfMatch.ETag(entity.Version);
        }

        return created ? TypedResults.Created($"/v1/workspaces/{Actor(http).WorkspaceId}/{entity.Kind.Segment}/{entity.Id}", entity) : TypedResults.Ok(entity);
    }
}
