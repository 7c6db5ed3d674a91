using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// A stable, unique operationId for every operation, made from its method and route when the endpoint has no name:
/// <c>DELETE /v1/workspaces/{ws}/members/{accountId}</c> becomes <c>deleteV1WorkspacesWsMembersAccountId</c>.
/// </summary>
internal sealed class OperationIds : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(operation.OperationId))
        {
            var words = (context.Description.RelativePath ?? "").Split(['/', '{', '}', '-', '.', '_'], StringSplitOptions.RemoveEmptyEntries)
                .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]);
            operation.OperationId = (context.Description.HttpMethod ?? "get").ToLowerInvariant() + string.Concat(words);
        }

        return Task.CompletedTask;
    }
}
