using System.Text;

namespace Albumi.Web.Pages.Workspace;

/// <summary>A field's name as people read it on a page: <c>sourceApplicationId</c> is "Source application".</summary>
public static class FieldLabels
{
    public static string Of(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        var plural = fieldName.EndsWith("Ids", StringComparison.Ordinal);
        var stem = plural ? fieldName[..^3] : fieldName.EndsWith("Id", StringComparison.Ordinal) ? fieldName[..^2] : fieldName;
        var words = new StringBuilder();
        foreach (var c in stem)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        var label = words.ToString();
        return !plural ? label : label.EndsWith('y') ? label[..^1] + "ies" : label + "s";
    }
}
