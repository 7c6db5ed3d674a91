using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// Puts the values an <see cref="AllowedValuesAttribute"/> names into the schema as its <c>enum</c>, for body properties
/// and for query parameters, so a client sees which words a field accepts; and a <see cref="RequiredAttribute"/>
/// property is not nullable.
/// </summary>
internal sealed class AllowedValuesSchemas : IOpenApiSchemaTransformer, IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        if (attributes.OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
        {
            schema.Enum = Values(allowed);
        }

        // A property the endpoint requires is never null, whatever its C# type says (request records take null to report it missing).
        if (attributes.OfType<RequiredAttribute>().Any() && schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var parameter in context.Description.ParameterDescriptions)
        {
            if (parameter.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info }
                && info.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == parameter.Name) is { Schema: OpenApiSchema schema })
            {
                schema.Enum = Values(allowed);
            }
        }

        return Task.CompletedTask;
    }

    private static List<JsonNode> Values(AllowedValuesAttribute allowed)
        => [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!)];
}
