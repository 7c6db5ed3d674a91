using Albumi.Web.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Errors;

/// <summary>
/// The page a browser sees in place of a problem document (<see cref="BrowserErrorPages"/>): what happened in words,
/// the API's own reason, and the way out. Only the 500 page shows the trace id (it varies per request, and a 404 for
/// another tenant's id must read exactly as one for an id that never existed).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public BrowserProblem Problem { get; private set; } = null!;

    public ErrorText Text { get; private set; } = null!;

    public IActionResult OnGet()
    {
        if (HttpContext.Features.Get<BrowserProblem>() is not { } problem)
        {
            return NotFound();
        }

        (Problem, Text) = (problem, ErrorText.For(problem));
        Response.StatusCode = problem.Status;
        Response.Headers.CacheControl = "no-store";
        if (problem.RetryAfter is { } retryAfter)
        {
            Response.Headers.RetryAfter = retryAfter;
        }

        return Page();
    }
}
