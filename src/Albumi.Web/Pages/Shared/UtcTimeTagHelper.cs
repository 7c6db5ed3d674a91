using System.Globalization;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// <c>&lt;utc-time at="@moment" /&gt;</c> writes <c>&lt;time datetime="…" title="yyyy-MM-dd HH:mm:ss UTC"&gt;yyyy-MM-dd HH:mm UTC&lt;/time&gt;</c>:
/// readable UTC without script; app.js turns it into the browser's local time with a relative time, the UTC kept in
/// the title. No moment (null) writes an em dash.
/// </summary>
[HtmlTargetElement("utc-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class UtcTimeTagHelper : TagHelper
{
    public DateTimeOffset? At { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagMode = TagMode.StartTagAndEndTag;
        if (At is not { } at)
        {
            output.TagName = null;
            output.Content.SetContent("—");
            return;
        }

        var utc = at.ToUniversalTime();
        output.TagName = "time";
        output.Attributes.SetAttribute("datetime", utc.ToString("O", CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        output.Content.SetContent(utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
    }
}
