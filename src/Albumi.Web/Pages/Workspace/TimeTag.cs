using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// A moment on a page: <c>&lt;time&gt;</c> with the exact UTC instant, the minute in UTC as text and the second on hover
/// (the layout's script shows it in local time, relative, keeping UTC on hover).
/// </summary>
public static class TimeTag
{
    public static IHtmlContent Of(DateTimeOffset moment)
    {
        var utc = moment.UtcDateTime;
        return new HtmlString(string.Create(
            CultureInfo.InvariantCulture,
            $"<time datetime=\"{moment.ToUniversalTime():O}\" title=\"{utc:yyyy-MM-dd HH:mm:ss} UTC\">{utc:yyyy-MM-dd HH:mm} UTC</time>"));
    }
}
