using System.Text.Json.Nodes;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Lifecycle;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Catalog;
using Albumi.Web.Problems;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Http.Features;

namespace Albumi.Web.Lifecycle;

/// <summary>
/// <c>GET /v1/workspaces/{ws}/export</c> (streamed), <c>POST /v1/workspaces/import</c> (all or nothing, into a new
/// workspace owned by the caller) and the document's JSON Schema at <c>/schemas/workspace-export.v1.json</c>. An import
/// that lists members makes invites for them, which hand out access as <c>POST /invites</c> does: it needs the same recent
/// step-up or admin-scoped key, and each invite is audited as that endpoint audits it. An import without members does not.
/// </summary>
public static class ExportEndpoints
{
    /// <summary>The largest import document accepted; larger ones answer 413.</summary>
    public const int MaxImportBytes = 128 * 1024 * 1024;

    private static readonly Lazy<string> Schema = new(() => ExportSchema.Build().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/export", ExportAsync).WithTags("Lifecycle").RequirePermission(Permission.ExportRun);
        return workspace;
    }

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/v1/workspaces/import", ImportAsync).WithTags("Lifecycle").RequireAuthorization(AuthPolicies.SignedIn).MayRequireStepUpOrAdminKey();
        endpoints.MapGet(ExportSchema.Path, () => Results.Text(Schema.Value, "application/schema+json")).WithTags("Lifecycle").AllowAnonymous()
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/schema+json");
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext http, WorkspaceExporter exporter)
    {
        var actor = CatalogEndpoints.Actor(http);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"workspace-{actor.WorkspaceId}.json\"";
        http.Response.Headers.CacheControl = "no-store";
        await exporter.WriteAsync(actor, http.Response.Body, http.RequestAborted);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, IGrainFactory grains, WorkspaceImporter importer, SecurityAuditLog audit)
    {
        var user = http.User;
        if (user.FindFirst(AlbumiClaims.WorkspaceRestricted) is not null)
        {
            return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden.", "This API key is restricted to certain workspaces and cannot create new ones.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxImportBytes;
        }

        var body = await JsonBody.ReadSegmentsAsync(http.Request, MaxImportBytes);
        JsonBody.RefuseUnstorableText(body);
        var import = WorkspaceImportReader.Read(body);
        var accountId = user.GetAccountId()!.Value;
        var profile = await grains.GetGrain<IAccountGrain>(accountId).GetProfileAsync()
            ?? throw new InvalidOperationException("The signed-in account has no profile.");
        if (import.Invitees(profile.Email).Any() && await StepUp.RefusalAsync(http, adminKeyMay: true) is { } refusal)
        {
            return RequiresStepUp.Refused(http, refusal);
        }

        var id = Guid.CreateVersion7();
        var invites = await importer.ImportAsync(id, import, accountId, profile.Email);
        http.Response.Headers.CacheControl = "no-store";
        foreach (var invite in invites)
        {
            await audit.WriteAsync(InviteEndpoints.Event(SecurityEventType.InviteCreated, id, accountId, http, invite.Id, invite.Role));
        }

        var workspace = await grains.GetGrain<IWorkspaceGrain>(id).GetAsync()
            ?? throw new InvalidOperationException("The imported workspace cannot be read back.");
        return TypedResults.Created($"/v1/workspaces/{id}", new JsonObject
        {
            ["workspace"] = System.Text.Json.JsonSerializer.SerializeToNode(WorkspaceResponse.From(workspace, WorkspaceRole.Owner), JsonOptions),
            ["entities"] = import.EntityCount,
            ["comments"] = import.CommentCount,
            ["invites"] = new JsonArray([.. invites.Select(i => (JsonNode)new JsonObject
            {
                ["email"] = i.Email,
                ["role"] = RoleNames.Of(i.Role),
                ["token"] = i.Token,
                ["expiresAt"] = i.ExpiresAt,
            })]),
        });
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
}
