using Albumi.Grains.Audit;
using Albumi.Web.Me;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Workspaces;

/// <summary><c>GET /v1/workspaces/{ws}/audit</c>: security events of the workspace's members, emails and names resolved.</summary>
public static class WorkspaceAuditEndpoints
{
    public static RouteGroupBuilder MapWorkspaceAuditEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/audit", ReadAsync).RequirePermission(Permission.AuditRead).WithMetadata(new AvailableWhileDeleted());
        return workspace;
    }

    internal static async Task<Results<Ok<List<WorkspaceAuditEventResponse>>, ValidationProblem>> ReadAsync(
        SecurityAuditLog audit, HttpContext httpContext, string? type, Guid? accountId, string? outcome, DateTimeOffset? from, DateTimeOffset? to, long? before, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        SecurityEventType[]? types = null;
        if (type is not null)
        {
            types = Enum.GetValues<SecurityEventType>().Where(t => SecurityEventResponse.TypeName(t) == type).ToArray();
            if (types.Length == 0)
            {
                errors["type"] = ["Unknown event type; use the names the audit log shows, such as sign-in or role-changed."];
            }
        }

        SecurityOutcome? parsedOutcome = outcome switch
        {
            null => null,
            "success" => SecurityOutcome.Success,
            "failure" => SecurityOutcome.Failure,
            "blocked" => SecurityOutcome.Blocked,
            _ => null,
        };
        if (outcome is not null && parsedOutcome is null)
        {
            errors["outcome"] = ["outcome must be success, failure or blocked."];
        }

        if (limit is < 1 or > 200)
        {
            errors["limit"] = ["limit must be between 1 and 200."];
        }

        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }

        var rows = await audit.ForWorkspaceAsync(
            WorkspaceAccess.Of(httpContext).WorkspaceId,
            new AuditQuery(types, accountId, parsedOutcome, from, to, before, limit ?? 50));
        return TypedResults.Ok(rows.Select(r => new WorkspaceAuditEventResponse(SecurityEventResponse.From(r.Event), r.Event.AccountId, r.Email, r.DisplayName, r.Event.Metadata)).ToList());
    }
}

public sealed record WorkspaceAuditEventResponse(SecurityEventResponse Event, Guid? AccountId, string? Email, string? DisplayName, IReadOnlyDictionary<string, string> Metadata);
