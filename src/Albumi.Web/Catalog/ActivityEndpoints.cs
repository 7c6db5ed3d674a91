using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Web.Workspaces;

namespace Albumi.Web.Catalog;

/// <summary><c>/v1/workspaces/{ws}/activity</c> (the workspace's feed) and <c>/notifications</c> (the caller's).</summary>
public static class ActivityEndpoints
{
    public static RouteGroupBuilder MapActivityEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/activity", FeedAsync).WithTags("Catalog").RequirePermission(Permission.EntityRead);
        workspace.MapGet("/notifications", NotificationsAsync).WithTags("Catalog").RequirePermission(Permission.EntityRead);
        return workspace;
    }

    private static async Task<IResult> FeedAsync(HttpContext http, CatalogStore store)
    {
        var actor = CatalogEndpoints.Actor(http);
        var entries = await store.WorkspaceActivityAsync(actor, CatalogQuery.Proposal(http.Request), CatalogQuery.Before(http.Request), CatalogQuery.Limit(http.Request));
        return TypedResults.Ok(new JsonArray([.. entries.Select(e => (JsonNode)CatalogJson.Activity(e, actor.WorkspaceId))]));
    }

    private static async Task<IResult> NotificationsAsync(HttpContext http, CatalogStore store)
    {
        var list = await store.NotificationsAsync(CatalogEndpoints.Actor(http), CatalogQuery.Limit(http.Request));
        return TypedResults.Ok(new JsonArray([.. list.Select(n => (JsonNode)new JsonObject
        {
            ["id"] = n.Id.ToString("D"),
            ["reason"] = n.Reason,
            ["entityKind"] = n.EntityKind,
            ["entityId"] = n.EntityId.ToString("D"),
            ["commentId"] = n.CommentId?.ToString("D"),
            ["actorId"] = n.ActorId?.ToString("D"),
            ["createdAt"] = n.CreatedAt,
        })]));
    }
}
