using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>The HTTP API's OpenAPI document (<c>/openapi/v1.json</c>), generated from the endpoints' metadata and these transformers.</summary>
public static class AlbumiOpenApi
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/{documentName}.json";

    public static IServiceCollection AddAlbumiOpenApi(this IServiceCollection services)
        => services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Albumi API",
                    Version = "v1",
                    Contact = new OpenApiContact { Name = "Albumi" },
                    Description = "Workspaces, their members and catalogue, sharing, audit, sessions, API keys and MFA. Errors are RFC 9457 problem documents (application/problem+json) whose type says what happened.",
                };

                // No server list: the API is on the node that serves the document, wherever that is reached.
                document.Servers?.Clear();
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<SecuritySchemes>();
            options.AddSchemaTransformer<StringSchemas>();
            options.AddSchemaTransformer<AllowedValuesSchemas>();
            options.AddOperationTransformer<AllowedValuesSchemas>();
            options.AddOperationTransformer<OperationIds>();
            options.AddOperationTransformer<RouteParameters>();
            options.AddOperationTransformer<SecuritySchemes>();
            options.AddOperationTransformer<CatalogDocumentation>();
            options.AddOperationTransformer<WorkspaceContentDocumentation>();
            options.AddOperationTransformer<ProblemResponses>();
        });
}
