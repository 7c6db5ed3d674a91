namespace Albumi.Web.Pages.Shared;

/// <summary>
/// Where the "Confirm it is you" forms (<c>_StepUp</c>) post without script and come back to. On any page they post to
/// <c>/account/step-up</c> with the page's own path as the way back (or <c>/workspaces</c> when the path holds a token);
/// on the step-up page itself the page says where to go back to and which refusal to show (<see cref="ReturnToKey"/>,
/// <see cref="ErrorsKey"/> in its view data).
/// </summary>
public static class StepUpForms
{
    public const string ReturnToKey = "StepUpReturnTo";
    public const string ErrorsKey = "StepUpErrors";

    public static string ReturnTo(HttpContext context, IDictionary<string, object?> viewData)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(viewData);
        if (viewData.TryGetValue(ReturnToKey, out var set) && set is string given)
        {
            return given;
        }

        var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return Silo.Hosting.RedactedRequestPath.HoldsSecret(context) || !Auth.ReturnUrl.IsSafe(here) ? "/workspaces" : here;
    }

    public static FormErrors Errors(IDictionary<string, object?> viewData)
        => viewData is not null && viewData.TryGetValue(ErrorsKey, out var set) && set is FormErrors errors ? errors : FormErrors.None;
}
