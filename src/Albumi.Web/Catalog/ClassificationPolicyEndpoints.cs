using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Audit;
using Albumi.Grains.Catalog;
using Albumi.Web.Auth;
using Albumi.Web.Workspaces;

namespace Albumi.Web.Catalog;

/// <summary>
/// <c>/v1/workspaces/{ws}/classification-policy</c>: which role is the lowest to see each classification. Changing it is
/// a security event, recorded in the audit log, and it decides what lower roles see for as long as it stands, so it needs
/// a recent step-up or an admin-scoped key.
/// </summary>
public static class ClassificationPolicyEndpoints
{
    public static RouteGroupBuilder MapClassificationPolicyEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/classification-policy", GetAsync).WithTags("Catalog").RequirePermission(Permission.EntityRead);
        workspace.MapPut("/classification-policy", SetAsync).WithTags("Catalog").RequirePermission(Permission.ClassificationPolicyManage).RequireStepUpOrAdminKey();
        return workspace;
    }

    private static async Task<IResult> GetAsync(HttpContext http, CatalogStore store)
        => TypedResults.Ok((await store.GetPolicyAsync(WorkspaceAccess.Of(http).WorkspaceId)).ToJson());

    private static async Task<IResult> SetAsync(HttpContext http, CatalogStore store, SecurityAuditLog audit)
    {
        var access = WorkspaceAccess.Of(http);
        var body = await JsonBody.ReadAsync(http.Request);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw CatalogValidationException.For("$", "Expected an object mapping classifications to roles.");
        }

        var policy = ClassificationPolicy.FromJson(JsonNode.Parse(body.GetRawText())!.AsObject());
        await store.SetPolicyAsync(access.WorkspaceId, policy);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.ClassificationPolicyChanged, SecurityOutcome.Success,
            AccountId: access.AccountId, WorkspaceId: access.WorkspaceId, ActorAccountId: access.AccountId,
            Metadata: policy.ToJson().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())));
        return TypedResults.Ok(policy.ToJson());
    }
}
