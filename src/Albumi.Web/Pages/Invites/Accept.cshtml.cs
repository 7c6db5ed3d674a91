using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Invites;

/// <summary>
/// Where an invitation's link opens: a signed-out person is sent to sign in (or sign up) and brought back; a signed-in
/// one accepts with one button (<c>POST /v1/invites/{token}/accept</c>, the address built from this page's own) and the
/// workspace opens. The page names no workspace or role and never writes the token into itself: only accepting proves
/// the invite is for this account, so before that it tells a wrong account nothing, and every token gets the same page.
/// A refusal is the API's one answer for every unusable invite, shown in words. Without script the form posts to this
/// same address and runs the API's own acceptance (<see cref="InviteEndpoints.AcceptAsync"/>, audit included); a refusal
/// is this page again with the API's status and words, and the token still only in the address.
/// </summary>
public sealed class AcceptModel(IGrainFactory grains, SecurityAuditLog audit) : PageModel
{
    public string Email { get; private set; } = "";

    /// <summary>Why accepting, posted without script, was refused: the API's words.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        await LoadAsync(accountId);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute] string token)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        int status;
        try
        {
            var answer = (await InviteEndpoints.AcceptAsync(token, User, grains, audit, HttpContext)).Result;
            if (answer is Ok<AcceptedInviteResponse> { Value: { } accepted })
            {
                return new Shared.SeeOtherResult($"/workspaces/{accepted.WorkspaceId}");
            }

            var refused = (ProblemHttpResult)answer;
            (status, Refusal) = (refused.StatusCode, refused.ProblemDetails.Detail);
        }
        catch (WorkspaceRuleException e)
        {
            // What the API's exception handler answers for the grain's refusals (unusable, already a member).
            (status, Refusal) = (WorkspaceRuleExceptionHandler.StatusOf(e.Violation), e.Message);
        }

        await LoadAsync(accountId);
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    private async Task LoadAsync(Guid accountId)
    {
        Email = (await grains.GetGrain<IAccountGrain>(accountId).GetProfileAsync())?.Email ?? "";
        Response.Headers.CacheControl = "no-store";
    }
}
