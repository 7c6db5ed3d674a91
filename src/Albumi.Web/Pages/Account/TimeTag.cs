using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Albumi.Web.Pages.Account;

/// <summary>A time as the pages write it: a <c>&lt;time&gt;</c> in UTC, the exact second on hover (the layout's script shows it local and relative).</summary>
public static class TimeTag
{
    public static IHtmlContent Of(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var machine = HtmlEncoder.Default.Encode(utc.ToString("O", CultureInfo.InvariantCulture));
        var exact = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var shown = utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{machine}\" title=\"{exact} UTC\">{shown} UTC</time>");
    }
}
