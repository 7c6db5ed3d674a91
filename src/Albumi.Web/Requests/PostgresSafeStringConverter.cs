using System.Text.Json;
using System.Text.Json.Serialization;

namespace Albumi.Web.Requests;

/// <summary>
/// Every string a JSON request body binds to: refused as it is read when PostgreSQL could not store it
/// (<see cref="PostgresText"/>), so the endpoint never sees it. The refusal is a <see cref="JsonException"/> whose path names
/// the field; <see cref="BadRequestExceptionHandler"/> turns it into a 400 problem. Writing is the default.
/// </summary>
public sealed class PostgresSafeStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value);
    }

    private static string? Checked(ref Utf8JsonReader reader)
    {
        string? text;
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            // The reader refuses to unescape an unpaired surrogate (\ud800) into a string.
            throw new UnstorableTextException(PostgresText.SurrogateRefusal);
        }

        return text is not null && PostgresText.Refusal(text) is { } refusal ? throw new UnstorableTextException(refusal) : text;
    }
}

/// <summary>A JSON string PostgreSQL could not store; the serializer adds the path of the field to it.</summary>
public sealed class UnstorableTextException(string refusal) : JsonException(refusal)
{
    public string Refusal { get; } = refusal;
}
