using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Workspaces;

/// <summary><c>/v1/workspaces</c>: create, list, read and rename workspaces.</summary>
public static class WorkspaceEndpoints
{
    public const int MaxNameLength = 200;

    /// <summary>The route group every <c>/v1/workspaces/{ws}</c> endpoint belongs to: signed in, then the access filter.</summary>
    public static RouteGroupBuilder MapWorkspaceGroup(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/v1/workspaces").WithTags("Workspaces").RequireAuthorization(AuthPolicies.SignedIn)
            .MapWorkspaceCollection();
        return endpoints.MapGroup("/v1/workspaces/{ws}").WithTags("Workspaces").RequireAuthorization(AuthPolicies.SignedIn)
            .AddEndpointFilter<WorkspaceAccessFilter>();
    }

    public static RouteGroupBuilder MapWorkspaceEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.MapGet("/", GetAsync).RequirePermission(Permission.WorkspaceRead);
        workspace.MapPatch("/", UpdateAsync).RequirePermission(Permission.WorkspaceRename).MayRequireStepUpOrAdminKey();
        workspace.MapDelete("/", DeleteAsync).RequirePermission(Permission.WorkspaceDelete).RequireStepUpOrAdminKey();
        workspace.MapPost("/restore", RestoreAsync).RequirePermission(Permission.WorkspaceRestore).WithMetadata(new AvailableWhileDeleted());
        return workspace;
    }

    private static RouteGroupBuilder MapWorkspaceCollection(this RouteGroupBuilder collection)
    {
        collection.MapPost("/", CreateAsync);
        collection.MapGet("/", ListAsync);
        return collection;
    }

    internal static async Task<Results<Created<WorkspaceResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(CreateWorkspaceRequest? request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (user.FindFirst(AlbumiClaims.WorkspaceRestricted) is not null)
        {
            return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden.", "This API key is restricted to certain workspaces and cannot create new ones.");
        }

        if (ValidName(request?.Name) is not { } name)
        {
            return NameProblem();
        }

        var id = Guid.CreateVersion7();
        var workspace = await grains.GetGrain<IWorkspaceGrain>(id).CreateAsync(name, user.GetAccountId()!.Value);
        return TypedResults.Created($"/v1/workspaces/{id}", WorkspaceResponse.From(workspace, WorkspaceRole.Owner));
    }

    internal static async Task<Ok<List<WorkspaceResponse>>> ListAsync(ClaimsPrincipal user, WorkspaceDirectory directory)
        => TypedResults.Ok((await directory.ForAccountAsync(user.GetAccountId()!.Value))
            .Where(w => user.MayReachWorkspace(w.Workspace.Id))
            .Select(w => WorkspaceResponse.From(w.Workspace, w.Role))
            .ToList());

    internal static async Task<Results<Ok<WorkspaceResponse>, ProblemHttpResult>> GetAsync(IGrainFactory grains, HttpContext httpContext)
    {
        var access = WorkspaceAccess.Of(httpContext);
        return await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).GetAsync() is { } workspace
            ? TypedResults.Ok(WorkspaceResponse.From(workspace, access.Role))
            : Problem.NotFound("workspace");
    }

    /// <summary>
    /// Renames the workspace or turns its 2FA requirement on or off. Turning it off weakens every member's protection
    /// for as long as it stays off, so it needs a recent step-up or an admin-scoped key (the grain decides, against the
    /// setting it holds); renaming and turning it on do not.
    /// </summary>
    internal static async Task<Results<Ok<WorkspaceResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(UpdateWorkspaceRequest? request, IGrainFactory grains, HttpContext httpContext)
    {
        var name = ValidName(request?.Name);
        if ((request?.Name is not null && name is null) || (request?.Name is null && request?.RequireMfa is null))
        {
            return NameProblem();
        }

        var access = WorkspaceAccess.Of(httpContext);
        var refusal = request!.RequireMfa == false ? await StepUp.RefusalAsync(httpContext, adminKeyMay: true) : null;
        try
        {
            var workspace = await grains.GetGrain<IWorkspaceGrain>(access.WorkspaceId).UpdateAsync(name, request.RequireMfa, steppedUp: refusal is null);
            return TypedResults.Ok(WorkspaceResponse.From(workspace, access.Role));
        }
        catch (WorkspaceRuleException e) when (e.Violation == WorkspaceRuleViolation.StepUpRequired && refusal is not null)
        {
            return RequiresStepUp.Refused(httpContext, refusal);
        }
    }

    internal static async Task<Accepted<WorkspaceDeletionResponse>> DeleteAsync(IGrainFactory grains, HttpContext httpContext)
    {
        var access = WorkspaceAccess.Of(httpContext);
        var deleted = await grains.GetGrain<IWorkspaceLifecycleGrain>(access.WorkspaceId).DeleteAsync(access.AccountId);
        return TypedResults.Accepted($"/v1/workspaces/{access.WorkspaceId}", new WorkspaceDeletionResponse(deleted.DeletedAt!.Value, deleted.PurgeAfter!.Value));
    }

    internal static async Task<Ok<WorkspaceResponse>> RestoreAsync(IGrainFactory grains, HttpContext httpContext)
    {
        var access = WorkspaceAccess.Of(httpContext);
        var restored = await grains.GetGrain<IWorkspaceLifecycleGrain>(access.WorkspaceId).RestoreAsync(access.AccountId);
        return TypedResults.Ok(WorkspaceResponse.From(restored, access.Role));
    }

    private static string? ValidName(string? name)
        => name?.Trim() is { Length: >= 1 and <= MaxNameLength } trimmed && !trimmed.Any(char.IsControl) ? trimmed : null;

    private static ValidationProblem NameProblem()
        => Problem.Validation(new Dictionary<string, string[]> { ["name"] = [$"A name of 1 to {MaxNameLength} characters, without control characters, is required."] });
}
