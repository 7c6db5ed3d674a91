using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// The one way a page writes a moment: <c>&lt;time&gt;</c> with the exact UTC instant, the minute in UTC as text and the
/// second on hover. Readable without script; app.js shows it in the browser's local time with a relative time, keeping
/// UTC on hover. No moment (null) writes an em dash. A plain string, not a partial or tag helper: a page of many rows
/// (invites, audit entries) writes it many times.
/// </summary>
public static class TimeTag
{
    public static IHtmlContent Of(DateTimeOffset? moment)
    {
        if (moment is not { } at)
        {
            return new HtmlString("—");
        }

        var utc = at.UtcDateTime;
        return new HtmlString(string.Create(
            CultureInfo.InvariantCulture,
            $"<time datetime=\"{at.ToUniversalTime():O}\" title=\"{utc:yyyy-MM-dd HH:mm:ss} UTC\">{utc:yyyy-MM-dd HH:mm} UTC</time>"));
    }
}
