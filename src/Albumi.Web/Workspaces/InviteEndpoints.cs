using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Workspaces;

/// <summary>
/// Invites: admins make them (the token is shown once), list the pending ones and revoke them, each audited; the
/// invited account accepts with the token. Making one hands out access that outlives the session that made it, so it
/// needs a recent step-up or an admin-scoped key (<see cref="RequiresStepUp"/>); listing and revoking do not.
/// </summary>
public static class InviteEndpoints
{
    public static RouteGroupBuilder MapInviteEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapPost("/invites", CreateAsync).RequirePermission(Permission.MembersInvite).RequireStepUpOrAdminKey();
        workspace.MapGet("/invites", ListAsync).RequirePermission(Permission.MembersInvite);
        workspace.MapDelete("/invites/{id}", RevokeAsync).RequirePermission(Permission.MembersInvite);
        return workspace;
    }

    public static IEndpointRouteBuilder MapInviteAcceptance(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/invites/{token}/accept", AcceptAsync).WithTags("Workspaces").RequireAuthorization(AuthPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    internal static async Task<Results<Created<InviteResponse>, ValidationProblem>> CreateAsync(
        InviteRequest? request, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
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
        CreatedInvite invite;
        try
        {
            invite = await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).InviteAsync(request!.Email!, role, access.AccountId, InviteToken.Lifetime);
        }
        catch (WorkspaceRuleException e) when (e.Violation == WorkspaceRuleViolation.AlreadyMember)
        {
            return Problem.Validation(new Dictionary<string, string[]> { ["email"] = [e.Message] });
        }

        await audit.WriteAsync(Event(SecurityEventType.InviteCreated, access, httpContext, invite.Id, role));
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new InviteResponse(invite.Id, invite.Token, invite.ExpiresAt));
    }

    internal static async Task<Ok<List<PendingInviteResponse>>> ListAsync(IGrainFactory grains, HttpContext httpContext)
    {
        var invites = await grains.GetGrain<IWorkspaceGrain>(WorkspaceAccess.Of(httpContext).WorkspaceId).ListInvitesAsync();
        return TypedResults.Ok(invites.Select(PendingInviteResponse.From).ToList());
    }

    /// <summary>A pending invite of this workspace; anything else (used, revoked, expired, another tenant's, no such id) is the same 404.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains, SecurityAuditLog audit, HttpContext httpContext)
    {
        var access = WorkspaceAccess.Of(httpContext);
        if (!RouteIds.TryParse(id, out var inviteId) || await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).RevokeInviteAsync(inviteId) is not { } revoked)
        {
            return Problem.NotFound("invite");
        }

        await audit.WriteAsync(Event(SecurityEventType.InviteRevoked, access, httpContext, revoked.Id, revoked.Role) with { AccountId = revoked.InvitedBy, Reason = "revoked by an admin" });
        return TypedResults.NoContent();
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

    private static SecurityEvent Event(SecurityEventType type, WorkspaceAccess access, HttpContext httpContext, Guid inviteId, WorkspaceRole role)
        => Event(type, access.WorkspaceId, access.AccountId, httpContext, inviteId, role);

    /// <summary>An invite's audit event, the same whoever made it (this endpoint or an import).</summary>
    internal static SecurityEvent Event(SecurityEventType type, Guid workspaceId, Guid actorAccountId, HttpContext httpContext, Guid inviteId, WorkspaceRole role)
    {
        var client = ClientInfo.From(httpContext);
        return new SecurityEvent(type, SecurityOutcome.Success, WorkspaceId: workspaceId, ActorAccountId: actorAccountId, Ip: client.Ip, UserAgent: client.UserAgent,
            Metadata: new Dictionary<string, string> { ["invite"] = inviteId.ToString(), ["role"] = RoleNames.Of(role) });
    }
}
