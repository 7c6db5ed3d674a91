using System.ComponentModel.DataAnnotations;
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
        SecurityAuditLog audit, HttpContext httpContext, string? type, Guid? accountId,
        [AllowedValues("success", "failure", "blocked")] string? outcome, DateTimeOffset? from, DateTimeOffset? to, long? before,
        [Range(1, WorkspaceAuditFilter.MaxLimit)] int? limit)
    {
        var (query, errors) = WorkspaceAuditFilter.Parse(type, accountId, outcome, from, to, before, limit);
        if (query is null)
        {
            return Problem.Validation(errors);
        }

        var rows = await audit.ForWorkspaceAsync(
            WorkspaceAccess.Of(httpContext).WorkspaceId, query);
        return TypedResults.Ok(rows.Select(r => new WorkspaceAuditEventResponse(SecurityEventResponse.From(r.Event), r.Event.AccountId, r.Email, r.DisplayName, r.Event.Metadata)).ToList());
    }
}

public sealed record WorkspaceAuditEventResponse(SecurityEventResponse Event, Guid? AccountId, string? Email, string? DisplayName, IReadOnlyDictionary<string, string> Metadata);
