using Microsoft.AspNetCore.Mvc;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// Sends the browser to <see cref="Page"/> (sign-in, the security page) with the address it asked for as
/// <c>returnUrl</c>, so it comes back there after; the address is read when the result runs, so callers need no request.
/// </summary>
public sealed record RedirectWithReturnResult(string Page) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var returnTo = request.PathBase + request.Path + request.QueryString;
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        context.HttpContext.Response.Redirect(Auth.ReturnUrl.IsSafe(returnTo) ? $"{Page}?returnUrl={Uri.EscapeDataString(returnTo)}" : Page);
        return Task.CompletedTask;
    }
}
