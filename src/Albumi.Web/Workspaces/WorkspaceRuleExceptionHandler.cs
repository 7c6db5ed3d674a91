using Albumi.Grains.Workspaces;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Diagnostics;

namespace Albumi.Web.Workspaces;

/// <summary>Maps refused membership changes, and calls the grains' own wall refused, to problem responses, in one place.</summary>
internal sealed class WorkspaceRuleExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is WorkspaceAccessDeniedException)
        {
            // An endpoint let through what the grains refuse: answer as for a workspace that does not exist.
            await Problem.Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Refused.", "No such workspace.").ExecuteAsync(httpContext);
            return true;
        }

        if (exception is not WorkspaceRuleException rule)
        {
            return false;
        }

        var (status, type) = Of(rule.Violation);
        // Not found reads as every other 404 does, so a member id that names nobody answers as an id of no spelling.
        await Problem.Create(status, type, status == StatusCodes.Status404NotFound ? "Not found." : "Refused.", rule.Message).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The status a refused rule answers with, for a page that shows the refusal itself (a form posted without script).</summary>
    public static int StatusOf(WorkspaceRuleViolation violation) => Of(violation).Status;

    private static (int Status, string Type) Of(WorkspaceRuleViolation violation) => violation switch
    {
        WorkspaceRuleViolation.NotFound => (StatusCodes.Status404NotFound, ProblemTypes.NotFound),
        WorkspaceRuleViolation.RoleAboveOwn => (StatusCodes.Status403Forbidden, ProblemTypes.RoleAboveOwn),
        WorkspaceRuleViolation.OwnerRequired => (StatusCodes.Status409Conflict, ProblemTypes.OwnerRequired),
        WorkspaceRuleViolation.AlreadyMember => (StatusCodes.Status409Conflict, ProblemTypes.AlreadyMember),
        WorkspaceRuleViolation.GracePeriodOver => (StatusCodes.Status409Conflict, ProblemTypes.GracePeriodOver),
        WorkspaceRuleViolation.ChangedConcurrently => (StatusCodes.Status409Conflict, ProblemTypes.VersionConflict),
        WorkspaceRuleViolation.StepUpRequired => (StatusCodes.Status403Forbidden, ProblemTypes.StepUpRequired),
        _ => (StatusCodes.Status410Gone, ProblemTypes.InviteUnusable),
    };
}
