using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// Declares every parameter of the route template, including those an endpoint filter reads rather than the handler
/// (the workspace id <c>{ws}</c> is read by <see cref="Workspaces.WorkspaceAccessFilter"/>), with the shape the endpoints
/// accept: ids are UUIDs, tokens and provider names are strings.
/// </summary>
internal sealed class RouteParameters : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, (string Format, string Description)> Known = new(StringComparer.Ordinal)
    {
        ["ws"] = ("uuid", "The workspace's id."),
        ["id"] = ("uuid", "The id of the record this operation concerns."),
        ["accountId"] = ("uuid", "The member's account id."),
        ["proposalId"] = ("uuid", "The proposal's id."),
        ["token"] = ("", "The token, as it was handed out."),
        ["provider"] = ("", "The configured sign-in provider's name."),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var template = context.Description.RelativePath ?? "";
        operation.Parameters ??= [];
        foreach (var name in Names(template))
        {
            var (format, description) = Known.TryGetValue(name, out var known) ? known : ("", $"The {name}.");
            var schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format.Length > 0 ? format : null };
            var declared = operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == name);
            if (declared is null)
            {
                operation.Parameters.Insert(0, new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = schema, Description = description });
            }
            else
            {
                declared.Schema = schema;
                declared.Description ??= description;
            }
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<string> Names(string template)
    {
        for (var start = template.IndexOf('{', StringComparison.Ordinal); start >= 0; start = template.IndexOf('{', start + 1))
        {
            var end = template.IndexOf('}', start);
            if (end < 0)
            {
                yield break;
            }

            yield return template[(start + 1)..end].Split(':', '=', '?')[0].TrimStart('*');
        }
    }
}
