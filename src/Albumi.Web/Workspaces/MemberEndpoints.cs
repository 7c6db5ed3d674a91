using Albumi.Grains;
using Albumi.Grains.Audit;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Workspaces;

/// <summary>
/// Members: the list, role changes, removal and ownership transfer (joining is by invite: <see cref="InviteEndpoints"/>).
/// Raising a role grants access that outlives the session that granted it, so it needs a recent step-up or an
/// admin-scoped key (the grain decides, against the role it holds); a demotion or a removal does not, so an admin
/// answering an incident acts at once.
/// </summary>
public static class MemberEndpoints
{
    public static RouteGroupBuilder MapMemberEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/members", ListAsync).RequirePermission(Permission.MembersRead);
        workspace.MapPatch("/members/{accountId}", ChangeRoleAsync).RequirePermission(Permission.MembersRole).MayRequireStepUpOrAdminKey();
        workspace.MapDelete("/members/{accountId}", RemoveAsync).RequirePermission(Permission.MembersRemove);
        workspace.MapPost("/transfer-ownership", TransferAsync).RequirePermission(Permission.OwnershipTransfer).RequireStepUpOrAdminKey();
        return workspace;
    }

    internal static async Task<Ok<List<MemberResponse>>> ListAsync(IGrainFactory grains, HttpContext httpContext)
    {
        var members = await grains.GetGrain<IWorkspaceGrain>(WorkspaceAccess.Of(httpContext).WorkspaceId).ListMembersAsync();
        return TypedResults.Ok(members.Select(m => new MemberResponse(m.AccountId, m.Email, m.DisplayName, RoleNames.Of(m.Role), m.JoinedAt)).ToList());
    }

    internal static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> ChangeRoleAsync(
        string accountId, ChangeRoleRequest? request, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        if (!RouteIds.TryParse(accountId, out var member))
        {
            return Problem.NotFound("member");
        }

        if (!RoleNames.TryParse(request?.Role, out var role))
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["role"] = ["role must be admin, editor or viewer (ownership moves by transfer)."] });
        }

        var access = WorkspaceAccess.Of(httpContext);
        var workspace = grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId);
        var refusal = await StepUp.RefusalAsync(httpContext, adminKeyMay: true);
        WorkspaceRole before;
        try
        {
            before = await workspace.ChangeRoleAsync(member, role, access.AccountId, steppedUp: refusal is null);
        }
        catch (WorkspaceRuleException e) when (e.Violation == WorkspaceRuleViolation.StepUpRequired && refusal is not null)
        {
            return RequiresStepUp.Refused(httpContext, refusal);
        }

        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RoleChanged, SecurityOutcome.Success, AccountId: member, WorkspaceId: access.WorkspaceId, ActorAccountId: access.AccountId,
            Ip: client.Ip, UserAgent: client.UserAgent, Metadata: new Dictionary<string, string> { ["before"] = RoleNames.Of(before), ["after"] = RoleNames.Of(role) }));
        // A removal that ran between the change and this read left nobody to show: answer as for a removed member.
        if ((await workspace.ListMembersAsync()).SingleOrDefault(m => m.AccountId == member) is not { } updated)
        {
            return Problem.NotFound("member");
        }

        return TypedResults.Ok(new MemberResponse(updated.AccountId, updated.Email, updated.DisplayName, RoleNames.Of(updated.Role), updated.JoinedAt));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string accountId, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        if (!RouteIds.TryParse(accountId, out var member))
        {
            return Problem.NotFound("member");
        }

        var access = WorkspaceAccess.Of(httpContext);
        var role = await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).RemoveMemberAsync(member);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.MemberRemoved, SecurityOutcome.Success, AccountId: member, WorkspaceId: access.WorkspaceId, ActorAccountId: access.AccountId,
            Ip: client.Ip, UserAgent: client.UserAgent, Metadata: new Dictionary<string, string> { ["before"] = RoleNames.Of(role) }));
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ValidationProblem>> TransferAsync(
        TransferOwnershipRequest? request, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        if (request?.AccountId is not { } newOwner)
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["accountId"] = ["The new owner's account id is required."] });
        }

        var access = WorkspaceAccess.Of(httpContext);
        if (newOwner == access.AccountId)
        {
            // Nothing would change, and the audit must not record a transfer that never happened.
            return Problem.Validation(new Dictionary<string, string[]> { ["accountId"] = ["You own this workspace already: choose another member."] });
        }

        await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).TransferOwnershipAsync(newOwner);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RoleChanged, SecurityOutcome.Success, AccountId: newOwner, WorkspaceId: access.WorkspaceId, ActorAccountId: access.AccountId,
            Ip: client.Ip, UserAgent: client.UserAgent, Reason: "ownership transferred", Metadata: new Dictionary<string, string> { ["after"] = "owner" }));
        return TypedResults.NoContent();
    }
}
