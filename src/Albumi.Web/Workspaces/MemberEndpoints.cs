using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Workspaces;

/// <summary>Members, invites, role changes, removal and ownership transfer.</summary>
public static class MemberEndpoints
{
    public static RouteGroupBuilder MapMemberEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/members", ListAsync).RequirePermission(Permission.MembersRead);
        workspace.MapPost("/invites", InviteAsync).RequirePermission(Permission.MembersInvite);
        workspace.MapPatch("/members/{accountId}", ChangeRoleAsync).RequirePermission(Permission.MembersRole);
        workspace.MapDelete("/members/{accountId}", RemoveAsync).RequirePermission(Permission.MembersRemove);
        workspace.MapPost("/transfer-ownership", TransferAsync).RequirePermission(Permission.OwnershipTransfer);
        return workspace;
    }

    public static IEndpointRouteBuilder MapInviteAcceptance(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/invites/{token}/accept", AcceptAsync).WithTags("Workspaces").RequireAuthorization(AuthPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    internal static async Task<Ok<List<MemberResponse>>> ListAsync(IGrainFactory grains, HttpContext httpContext)
    {
        var members = await grains.GetGrain<IWorkspaceGrain>(WorkspaceAccess.Of(httpContext).WorkspaceId).ListMembersAsync();
        return TypedResults.Ok(members.Select(m => new MemberResponse(m.AccountId, m.Email, m.DisplayName, RoleNames.Of(m.Role), m.JoinedAt)).ToList());
    }

    internal static async Task<Results<Created<InviteResponse>, ValidationProblem>> InviteAsync(
        InviteRequest? request, IGrainFactory grains, AlbumiClock time, HttpContext httpContext)
    {
        var errors = new Dictionary<string, string[]>();
        if (!EmailAddress.IsValid(request?.Email))
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (!RoleNames.TryParse(request?.Role, out var role) || role == WorkspaceRole.Owner)
        {
            errors["role"] = ["role must be admin, editor or viewer."];
        }

        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }

        var access = WorkspaceAccess.Of(httpContext);
        var token = await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).InviteAsync(request!.Email!, role, access.AccountId, InviteToken.Lifetime);
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new InviteResponse(token, time.GetUtcNow() + InviteToken.Lifetime));
    }

    internal static async Task<Results<Ok<AcceptedInviteResponse>, ProblemHttpResult>> AcceptAsync(
        string token, ClaimsPrincipal user, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        // inv_{workspace id, 32 hex}_{secret}: the workspace is named in the token, the secret proves the invite.
        if (token.Length is < 40 or > 200 || !token.StartsWith("inv_", StringComparison.Ordinal)
            || !Guid.TryParseExact(token.AsSpan(4, 32), "N", out var workspaceId) || token[36] != '_')
        {
            return Problem.Create(StatusCodes.Status410Gone, ProblemTypes.InviteUnusable, "Refused.", InviteToken.Unusable);
        }

        var account = user.GetAccountId()!.Value;
        var role = await grains.GetGrain<IWorkspaceGrain>(workspaceId).AcceptInviteAsync(
            InviteToken.Hash(token), account);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RoleChanged, SecurityOutcome.Success, AccountId: account, WorkspaceId: workspaceId, ActorAccountId: account,
            Ip: client.Ip, UserAgent: client.UserAgent, Reason: "invite accepted", Metadata: new Dictionary<string, string> { ["before"] = "none", ["after"] = RoleNames.Of(role) }));
        return TypedResults.Ok(new AcceptedInviteResponse(workspaceId, RoleNames.Of(role)));
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
        var before = await workspace.ChangeRoleAsync(member, role, access.AccountId);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RoleChanged, SecurityOutcome.Success, AccountId: member, WorkspaceId: access.WorkspaceId, ActorAccountId: access.AccountId,
            Ip: client.Ip, UserAgent: client.UserAgent, Metadata: new Dictionary<string, string> { ["before"] = RoleNames.Of(before), ["after"] = RoleNames.Of(role) }));
        var updated = (await workspace.ListMembersAsync()).Single(m => m.AccountId == member);
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
        await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).TransferOwnershipAsync(newOwner);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RoleChanged, SecurityOutcome.Success, AccountId: newOwner, WorkspaceId: access.WorkspaceId, ActorAccountId: access.AccountId,
            Ip: client.Ip, UserAgent: client.UserAgent, Reason: "ownership transferred", Metadata: new Dictionary<string, string> { ["after"] = "owner" }));
        return TypedResults.NoContent();
    }
}
