using Albumi.Grains.Catalog;

namespace Albumi.Web.Catalog;

/// <summary>The entity version an <c>If-Match</c> header names: <c>"3"</c>, <c>W/"3"</c> or <c>3</c>; none when absent.</summary>
public static class IfMatch
{
    public static int? Version(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return int.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw CatalogValidationException.For("If-Match", "Expected the entity's version, as \"<version>\".");
    }

    public static string ETag(int version) => $"\"{version}\"";
}
