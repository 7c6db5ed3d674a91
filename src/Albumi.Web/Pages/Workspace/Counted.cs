namespace Albumi.Web.Pages.Workspace;

/// <summary>A number of things in words: "1 comment", "2 comments", "no changes".</summary>
public static class Counted
{
    public static string Of(int count, string singular, string? plural = null)
        => count switch
        {
            0 => "no " + (plural ?? singular + "s"),
            1 => "1 " + singular,
            _ => $"{count.ToString(System.Globalization.CultureInfo.InvariantCulture)} {plural ?? singular + "s"}",
        };
}
