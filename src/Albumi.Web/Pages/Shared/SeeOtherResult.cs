using Microsoft.AspNetCore.Mvc;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// The answer to a form posted without script that succeeded: 303 See Other to the page the script path goes to
/// (post/redirect/get, so reloading it does not post again). Only a path of this site; anything else goes to
/// <c>/workspaces</c>.
/// </summary>
public sealed record SeeOtherResult(string Path) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = Auth.ReturnUrl.IsSafe(Path) ? Path : "/workspaces";
        response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
