namespace Albumi.Web.Pages.Appearance;

/// <summary>
/// The colour mode a person chose with the header's switch, kept in a cookie the layout reads to set Primer's
/// <c>data-color-mode</c> on <c>&lt;html&gt;</c> before anything paints: <see cref="Auto"/> (the default, and whatever the
/// cookie holds when it is not one of the three) follows the device's <c>prefers-color-scheme</c>. Not a secret.
/// </summary>
public static class ColorMode
{
    public const string CookieName = "albumi_color_mode";

    public const string Auto = "auto";

    public const string Light = "light";

    public const string Dark = "dark";

    /// <summary>The modes in the order the switch offers them, with the words it shows.</summary>
    public static readonly IReadOnlyList<(string Mode, string Label)> Choices = [(Auto, "Auto"), (Light, "Light"), (Dark, "Dark")];

    public static bool IsKnown(string? mode) => mode is Auto or Light or Dark;

    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies[CookieName] is var mode && IsKnown(mode) ? mode! : Auto;
    }

    public static void Remember(HttpResponse response, string mode)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieName, mode, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
    }
}
