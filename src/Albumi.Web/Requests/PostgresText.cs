using System.Buffers;
using System.Text;

namespace Albumi.Web.Requests;

/// <summary>
/// What PostgreSQL refuses in a text value: the NUL character (error 22021 for <c>text</c>, 22P05 inside <c>jsonb</c>)
/// and UTF-16 that is not valid Unicode (an unpaired surrogate cannot be encoded as UTF-8). Every text a request carries
/// is checked against this at the edge, so such input answers 400 naming the field instead of failing in the database.
/// </summary>
public static class PostgresText
{
    public const string NulRefusal = "contains a NUL character (U+0000), which is not accepted.";

    public const string SurrogateRefusal = "contains an unpaired UTF-16 surrogate, which is not valid Unicode.";

    /// <summary>Null when PostgreSQL can store <paramref name="text"/>, else why not, as the end of a sentence about the field.</summary>
    public static string? Refusal(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
        {
            return NulRefusal;
        }

        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (at < 0)
        {
            return null;
        }

        for (var rest = text[at..]; !rest.IsEmpty;)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != OperationStatus.Done)
            {
                return SurrogateRefusal;
            }

            rest = rest[used..];
        }

        return null;
    }
}
