using Microsoft.AspNetCore.Mvc.Filters;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// Starts reading a page's <see cref="SiteHeader"/> when its GET handler starts, so the header's reads (the person's
/// workspaces, whether they are an operator) run beside the handler's own instead of after them. Only for GET and HEAD:
/// a form's handler may change what the header shows (a new workspace).
/// </summary>
public sealed class SiteHeaderPrefetch : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            SiteHeader.StartReading(context.HttpContext);
        }

        await next();
    }
}
