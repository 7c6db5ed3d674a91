using Albumi.Web.Requests;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// Strings are read through <see cref="PostgresSafeStringConverter"/>, and the schema generator describes any type with
/// a custom converter as "anything": this puts back what they are, a string (null where the property may be null).
/// </summary>
internal sealed class StringSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo;
        if (type.Type == typeof(string) && schema.Type is null)
        {
            var nullable = context.JsonPropertyInfo is { } property && (property.IsGetNullable || property.IsSetNullable);
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        // Lists of strings, and maps whose values are lists of strings (a validation problem's errors).
        if (type.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable && type.ElementType == typeof(string))
        {
            schema.Items ??= new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (type.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary && IsStringList(type.ElementType)
            && schema.AdditionalProperties is OpenApiSchema { Items: null } values)
        {
            values.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }

        return Task.CompletedTask;
    }

    private static bool IsStringList(Type? type)
        => type is not null && (type == typeof(string[]) || type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && i.GetGenericArguments()[0] == typeof(string)));
}
