using System.Globalization;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// The bodies, statuses and parameters of the catalogue's entity operations (<c>/v1/workspaces/{ws}/{kind}…</c>), whose
/// handlers read and write JSON themselves: what each answers on success, the proposal and paging parameters, If-Match
/// and the ETag it returns, with the kind's schemas from <see cref="CatalogSchemas"/>.
/// </summary>
internal sealed class CatalogDocumentation : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CatalogKindMetadata>().LastOrDefault() is not { } metadata || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        var kind = metadata.Kind;
        CatalogSchemas.Register(document, kind);
        var entity = new OpenApiSchemaReference(CatalogSchemas.EntityId(kind), document);
        var path = (context.Description.RelativePath ?? "").TrimEnd('/');
        var tail = path[(path.IndexOf("/" + kind.Segment, StringComparison.Ordinal) + kind.Segment.Length + 1)..];
        var method = context.Description.HttpMethod ?? "GET";
        operation.Parameters ??= [];
        operation.Responses ??= [];
        operation.Responses.Remove("200");
        switch (tail, method)
        {
            case ("", "GET"):
                operation.Summary = $"List {kind.Segment}";
                Query(operation, "cursor", new OpenApiSchema { Type = JsonSchemaType.String }, "Where the previous page ended: its nextCursor.");
                Limit(operation);
                Ok(operation, "200", $"A page of {kind.Segment}, oldest first.", new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["items"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = entity },
                        ["nextCursor"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "Pass as cursor for the next page; null on the last." },
                    },
                    Required = new HashSet<string> { "items", "nextCursor" },
                });
                break;
            case ("", "POST"):
                operation.Summary = $"Create {kind.Singular}";
                Proposal(operation);
                Body(operation, new OpenApiSchemaReference(CatalogSchemas.CreateId(kind), document));
                Ok(operation, "201", $"The {kind.Singular} as created.", entity, etag: true);
                break;
            case ("/{id}", "GET"):
                operation.Summary = $"Read {kind.Singular}";
                Proposal(operation);
                Ok(operation, "200", $"The {kind.Singular}.", entity, etag: true);
                break;
            case ("/{id}", "PATCH"):
                operation.Summary = $"Change {kind.Singular}";
                Proposal(operation);
                IfMatch(operation);
                Body(operation, new OpenApiSchemaReference(CatalogSchemas.PatchId(kind), document));
                Ok(operation, "200", $"The {kind.Singular} as changed.", entity, etag: true);
                break;
            case ("/{id}", "DELETE"):
                operation.Summary = $"Delete {kind.Singular} (restorable)";
                Proposal(operation);
                IfMatch(operation);
                operation.Responses["204"] = new OpenApiResponse { Description = "Deleted." };
                break;
            case ("/{id}/restore", "POST"):
                operation.Summary = $"Restore deleted {kind.Singular}";
                Ok(operation, "200", $"The {kind.Singular} as restored.", entity, etag: true);
                break;
            case ("/{id}/activity", "GET"):
                operation.Summary = $"Change history of {kind.Singular}";
                Limit(operation);
                Ok(operation, "200", "The changes, newest first.", new OpenApiSchema { Type = JsonSchemaType.Array, Items = CatalogBodies.Activity(document) });
                break;
            case ("/{id}/comments", "GET"):
                operation.Summary = $"Comments on {kind.Singular}";
                Ok(operation, "200", "The comments, oldest first.", new OpenApiSchema { Type = JsonSchemaType.Array, Items = CatalogBodies.Comment(document) });
                break;
            case ("/{id}/comments", "POST"):
                operation.Summary = $"Comment on {kind.Singular}";
                Body(operation, new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["body"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = CommentStore.MaxBodyLength },
                        ["mentions"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = CatalogSchemas.Uuid(), Description = "Members to notify." },
                    },
                    Required = new HashSet<string> { "body" },
                });
                Ok(operation, "201", "The comment as stored.", CatalogBodies.Comment(document));
                break;
        }

        return Task.CompletedTask;
    }

    internal static void Ok(OpenApiOperation operation, string status, string description, IOpenApiSchema schema, bool etag = false)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = schema } },
        };
        if (etag)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["ETag"] = new OpenApiHeader { Description = "The version, for If-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        operation.Responses![status] = response;
    }

    internal static void Body(OpenApiOperation operation, IOpenApiSchema schema)
        => operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = schema } },
        };

    internal static void Query(OpenApiOperation operation, string name, OpenApiSchema schema, string description)
    {
        if (!operation.Parameters!.Any(p => p.Name == name && p.In == ParameterLocation.Query))
        {
            operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = schema, Description = description });
        }
    }

    internal static void Limit(OpenApiOperation operation)
        => Query(operation, "limit", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = "1",
            Maximum = CatalogStore.MaxPageSize.ToString(CultureInfo.InvariantCulture),
            Default = JsonValue.Create(Catalog.CatalogQuery.DefaultPageSize),
        }, "How many to return.");

    private static void Proposal(OpenApiOperation operation)
        => Query(operation, "proposal", CatalogSchemas.Uuid(), "Work in this proposal (a draft) instead of the mainline.");

    private static void IfMatch(OpenApiOperation operation)
    {
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "The version last read (its ETag): the change applies only if nobody changed it since.",
        });
        operation.Responses!["412"] = new OpenApiResponse
        {
            Description = "The entity changed since the version in If-Match. Problem types: " + Problems.ProblemTypes.VersionConflict + ".",
            Content = new Dictionary<string, OpenApiMediaType>(), // the problem body is filled in by ProblemResponses
        };
    }
}
