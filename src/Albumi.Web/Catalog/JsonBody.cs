using System.Buffers;
using System.Text.Json;
using Albumi.Web.Requests;

namespace Albumi.Web.Catalog;

/// <summary>
/// Reads a JSON request body inside the handler, after the workspace check, so a request to another tenant answers 404
/// whatever its body. Bodies over the limit answer 413 without being read to the end.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static async Task<JsonElement> ReadAsync(HttpRequest request, int maxBytes = MaxBytes)
    {
        var body = await ReadSegmentsAsync(request, maxBytes);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new RequestBodyException(StatusCodes.Status400BadRequest, "The body is not well-formed JSON.");
        }

        RefuseUnstorableText(body);
        return root;
    }

    /// <summary>
    /// The body's bytes, unparsed, for readers that walk large documents themselves: kept in the segments (of at most
    /// 1 MiB) they arrived in, so memory follows what was received, never what a Content-Length claims, and nothing is
    /// copied to grow a buffer.
    /// </summary>
    public static async Task<ReadOnlySequence<byte>> ReadSegmentsAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // Segments grow from the claimed length (or 16 KiB) up to 1 MiB; a claim larger than what arrives costs nothing.
        const int MaxSegment = 1024 * 1024;
        var size = (int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1, MaxSegment);
        BodySegment? first = null;
        BodySegment? last = null;
        long total = 0;
        while (true)
        {
            var segment = new byte[size];
            var filled = 0;
            int read;
            while (filled < segment.Length && (read = await request.Body.ReadAsync(segment.AsMemory(filled), request.HttpContext.RequestAborted)) > 0)
            {
                filled += read;
                if (total + filled > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }

            if (filled > 0)
            {
                last = last is null ? first = new BodySegment(segment.AsMemory(0, filled), 0) : last.Append(segment.AsMemory(0, filled));
                total += filled;
            }

            if (filled < segment.Length || total == request.ContentLength)
            {
                break;
            }

            size = Math.Min(size * 2, MaxSegment);
        }

        return first is null ? throw EmptyBody() : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class BodySegment : ReadOnlySequenceSegment<byte>
    {
        public BodySegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public BodySegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new BodySegment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>
    /// Refuses (400 naming the field) a well-formed JSON body with a property name or string PostgreSQL could not store
    /// (<see cref="PostgresText"/>). One pass of a reader over the bytes, for bodies read whole and for those walked
    /// later in parts (an import). A body that is not well-formed JSON is left to its reader to refuse.
    /// </summary>
    public static void RefuseUnstorableText(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = Options.MaxDepth });

        // The property names from the root to where the reader stands, and the property whose value comes next: the
        // field a refusal names, spelled out only when there is a refusal.
        var outer = new Stack<string?>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = null;
                        var name = reader.GetString();
                        if (PostgresText.Refusal(name) is { } badName)
                        {
                            throw Unstorable(Field(outer, "(field name)"), badName);
                        }

                        property = name;
                        break;
                    case JsonTokenType.String:
                        if (PostgresText.Refusal(reader.GetString()) is { } badText)
                        {
                            throw Unstorable(Field(outer, property), badText);
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        outer.Push(property);
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        property = outer.Pop();
                        break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to unescape an unpaired surrogate (\ud800) into a string: a name, or the value of property.
            throw Unstorable(Field(outer, reader.TokenType == JsonTokenType.PropertyName ? "(field name)" : property), PostgresText.SurrogateRefusal);
        }
        catch (JsonException)
        {
            // Not well-formed: the body's own reader refuses it, with its own words.
        }
    }

    /// <summary>"fields.owner" from the enclosing property names and the last one; "body" for the document itself.</summary>
    private static string Field(Stack<string?> outer, string? last)
    {
        var names = outer.Reverse().Append(last).OfType<string>().ToArray();
        return names.Length == 0 ? "body" : string.Join('.', names);
    }

    private static RequestBodyException Unstorable(string field, string refusal)
        => new(StatusCodes.Status400BadRequest, $"{field} {refusal}", field);

    private static RequestBodyException EmptyBody() => new(StatusCodes.Status400BadRequest, "The request needs a JSON body.");

    private static RequestBodyException TooLarge(int maxBytes)
        => new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes / 1024} KiB.");
}
