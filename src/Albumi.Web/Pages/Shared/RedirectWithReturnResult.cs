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
        // An address with something shaped like an API key in it is never carried along: the browser goes to the page
        // alone. (An invitation's address is: its person signs in to come back to it.)
        var carry = Auth.ReturnUrl.IsSafe(returnTo) && !Albumi.Grains.ApiKeys.ApiKeyFormat.ContainsKey(Uri.UnescapeDataString(returnTo));
        context.HttpContext.Response.Redirect(carry ? $"{Page}?returnUrl={Uri.EscapeDataString(returnTo)}" : Page);
        return Task.CompletedTask;
    }
}
