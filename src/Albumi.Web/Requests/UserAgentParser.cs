using System.Text.RegularExpressions;

namespace Albumi.Web.Requests;

/// <summary>Browser and operating system from a User-Agent, for people to recognise their sessions; never for decisions.</summary>
public static partial class UserAgentParser
{
    public static (string Browser, string Os) Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return ("Unknown", "Unknown");
        }

        return (Browser(userAgent), Os(userAgent));
    }

    private static string Browser(string ua)
    {
        // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
        (Regex Pattern, string Name)[] browsers =
        [
            (EdgePattern(), "Edge"), (OperaPattern(), "Opera"), (FirefoxPattern(), "Firefox"), (ChromePattern(), "Chrome"),
            (SafariPattern(), "Safari"), (CurlPattern(), "curl"), (DotnetPattern(), ".NET"), (AlbumiCliPattern(), "Albumi CLI"),
        ];
        foreach (var (pattern, name) in browsers)
        {
            var match = pattern.Match(ua);
            if (match.Success)
            {
                return match.Groups["v"].Success ? $"{name} {match.Groups["v"].Value}" : name;
            }
        }

        return "Other";
    }

    private static string Os(string ua)
        => ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : ua.Contains("Android", StringComparison.Ordinal) ? "Android"
            : ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "iOS"
            : ua.Contains("Mac OS X", StringComparison.Ordinal) || ua.Contains("Macintosh", StringComparison.Ordinal) ? "macOS"
            : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
            : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
            : "Other";

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(?<v>\d+)")]
    private static partial Regex EdgePattern();

    [GeneratedRegex(@"(?:OPR|Opera)/(?<v>\d+)")]
    private static partial Regex OperaPattern();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(?<v>\d+)")]
    private static partial Regex FirefoxPattern();

    [GeneratedRegex(@"(?:Chrome|CriOS|HeadlessChrome)/(?<v>\d+)")]
    private static partial Regex ChromePattern();

    [GeneratedRegex(@"Version/(?<v>\d+)[\d.]* .*Safari/")]
    private static partial Regex SafariPattern();

    [GeneratedRegex(@"^curl/(?<v>[\d.]+)")]
    private static partial Regex CurlPattern();

    [GeneratedRegex(@"^(?:Microsoft\.Net|\.NET)")]
    private static partial Regex DotnetPattern();

    [GeneratedRegex(@"^albumi-cli/(?<v>[\d.]+)")]
    private static partial Regex AlbumiCliPattern();
}
