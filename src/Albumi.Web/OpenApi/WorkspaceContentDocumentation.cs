using Albumi.Grains.Lifecycle;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using static Albumi.Web.OpenApi.CatalogDocumentation;

namespace Albumi.Web.OpenApi;

/// <summary>
/// Bodies and statuses of the workspace operations whose handlers read and write JSON themselves (activity,
/// notifications, proposals, the classification policy, share links, export and import), by route.
/// </summary>
internal sealed class WorkspaceContentDocumentation : IOpenApiOperationTransformer
{
    private const string Ws = "v1/workspaces/{ws}/";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        var path = (context.Description.RelativePath ?? "").TrimEnd('/');
        var method = context.Description.HttpMethod ?? "GET";
        operation.Parameters ??= [];
        operation.Responses ??= [];
        switch (path.StartsWith(Ws, StringComparison.Ordinal) ? path[Ws.Length..] : "/" + path, method)
        {
            case ("activity", "GET"):
                Query(operation, "proposal", CatalogSchemas.Uuid(), "Only this proposal's changes.");
                Query(operation, "before", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }, "Entries older than this id (the last id of the previous page).");
                Limit(operation);
                Ok(operation, "200", "The workspace's changes, newest first.", Array(CatalogBodies.Activity(document)));
                break;
            case ("notifications", "GET"):
                Limit(operation);
                Ok(operation, "200", "The caller's notifications, newest first.", Array(CatalogBodies.Notification(document)));
                break;
            case ("proposals", "POST"):
                Body(operation, new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200 } },
                    Required = new HashSet<string> { "title" },
                });
                Replace(operation, "201", "The proposal as opened.", CatalogBodies.Proposal(document));
                break;
            case ("proposals", "GET"):
                Replace(operation, "200", "The workspace's proposals.", Array(CatalogBodies.Proposal(document)));
                break;
            case ("proposals/{proposalId}", "GET"):
            case ("proposals/{proposalId}/merge", "POST"):
                Replace(operation, "200", "The proposal with its changes.", CatalogBodies.Proposal(document));
                if (method == "POST")
                {
                    operation.Responses["409"] = new OpenApiResponse { Description = $"The proposal is closed, or conflicts with the mainline. Problem types: {Problems.ProblemTypes.ProposalClosed}, {Problems.ProblemTypes.ProposalConflict}." };
                }

                break;
            case ("proposals/{proposalId}/discard", "POST"):
                NoContent(operation, "Discarded.");
                operation.Responses["409"] = new OpenApiResponse { Description = $"The proposal is closed. Problem types: {Problems.ProblemTypes.ProposalClosed}." };
                break;
            case ("classification-policy", "GET"):
                Replace(operation, "200", "The workspace's classification policy.", CatalogBodies.ClassificationPolicy(document));
                break;
            case ("classification-policy", "PUT"):
                Body(operation, CatalogBodies.ClassificationPolicy(document));
                Replace(operation, "200", "The policy as stored.", CatalogBodies.ClassificationPolicy(document));
                break;
            case ("shares", "POST"):
                Body(operation, new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["kind"] = CatalogBodies.KindEnum(),
                        ["id"] = CatalogSchemas.Uuid(),
                        ["expiresIn"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String | JsonSchemaType.Null,
                            Enum = [.. Sharing.ShareEndpoints.LifetimeNames.Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(n))],
                        },
                    },
                    Required = new HashSet<string> { "kind", "id" },
                    AdditionalPropertiesAllowed = false,
                });
                Replace(operation, "201", "The link; its token is shown this once.", CatalogBodies.ShareLink(document));
                break;
            case ("shares", "GET"):
                Replace(operation, "200", "The workspace's share links.", Array(CatalogBodies.ShareLink(document)));
                break;
            case ("shares/{token}", "DELETE"):
                NoContent(operation, "Revoked.");
                break;
            case ("export", "GET"):
                Replace(operation, "200", $"The workspace as a document that validates against {ExportSchema.Path}.", new OpenApiSchema { Type = JsonSchemaType.Object });
                break;
            case ("/v1/workspaces/import", "POST"):
                Body(operation, new OpenApiSchema { Type = JsonSchemaType.Object, Description = $"A workspace export ({ExportSchema.Path})." });
                Replace(operation, "201", "The new workspace, what was imported, and the invites for its members (tokens shown this once).", new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["workspace"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                        ["entities"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["comments"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["invites"] = Array(new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["email"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                ["role"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                ["token"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                ["expiresAt"] = CatalogSchemas.Time(),
                            },
                        }),
                    },
                    Required = new HashSet<string> { "workspace", "entities", "comments", "invites" },
                });
                break;
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Array(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };

    private static void Replace(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        operation.Responses!.Remove("200");
        Ok(operation, status, description, schema);
    }

    private static void NoContent(OpenApiOperation operation, string description)
    {
        operation.Responses!.Remove("200");
        operation.Responses["204"] = new OpenApiResponse { Description = description };
    }
}
