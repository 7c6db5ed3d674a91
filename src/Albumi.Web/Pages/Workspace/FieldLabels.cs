using System.Text;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// A field's name as people read it on a page: <c>sourceApplicationId</c> is "Source application"; abbreviations keep
/// their capitals ("GDPR relevant", "IT component").
/// </summary>
public static class FieldLabels
{
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["gdpr"] = "GDPR",
        ["sox"] = "SOX",
        ["pci"] = "PCI",
        ["dss"] = "DSS",
        ["pii"] = "PII",
        ["it"] = "IT",
    };

    public static string Of(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        var plural = fieldName.EndsWith("Ids", StringComparison.Ordinal);
        var stem = plural ? fieldName[..^3] : fieldName.EndsWith("Id", StringComparison.Ordinal) ? fieldName[..^2] : fieldName;
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in stem)
        {
            if (char.IsUpper(c) && word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }

            word.Append(char.ToLowerInvariant(c));
        }

        words.Add(word.ToString());
        for (var i = 0; i < words.Count; i++)
        {
            words[i] = Abbreviations.TryGetValue(words[i], out var abbreviation) ? abbreviation
                : i == 0 ? char.ToUpperInvariant(words[i][0]) + words[i][1..] : words[i];
        }

        var label = string.Join(' ', words);
        return !plural ? label : label.EndsWith('y') ? label[..^1] + "ies" : label + "s";
    }
}
