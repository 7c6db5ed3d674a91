using Albumi.Web.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// The error responses every operation can answer because of what stands in front of it, derived from its metadata:
/// the input guards (400), authentication (401), authorization, key scopes and the cross-site guard (403), ids in the
/// route (404), a workspace write that conflicts (409), a body (413, 415), rate limits (429) and a database or cluster that is down or stuck (503). Each is
/// <c>application/problem+json</c>; the description lists the problem <c>type</c>s. Statuses an endpoint declares itself
/// (typed results, <c>ProducesProblem</c>) are kept.
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var unsafeMethod = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var authenticated = SecuritySchemes.Authenticated(metadata);
        var hasRouteIds = (context.Description.RelativePath ?? "").Contains('{', StringComparison.Ordinal);
        var hasBody = operation.RequestBody is not null;

        operation.Responses ??= [];
        var problem = await SchemaAsync<ProblemDetails>(context, "ProblemDetails", cancellationToken);
        var validation = await SchemaAsync<HttpValidationProblemDetails>(context, "HttpValidationProblemDetails", cancellationToken);

        Add(operation, StatusCodes.Status400BadRequest, validation, "The request is invalid: a field, query value or body that cannot be used (named in errors), or an API key in the query string.",
            ProblemTypes.Validation, ProblemTypes.KeyInQueryString);
        if (authenticated)
        {
            Add(operation, StatusCodes.Status401Unauthorized, problem, "Not signed in, or the session or API key is unknown, expired or revoked.",
                ProblemTypes.NotSignedIn, ProblemTypes.InvalidApiKey, ProblemTypes.ApiKeyRevoked, ProblemTypes.ApiKeyExpired);
        }

        if (authenticated || unsafeMethod)
        {
            if (metadata.OfType<Auth.RequiresStepUp>().Any() || metadata.OfType<Auth.MayRequireStepUp>().Any())
            {
                Add(operation, StatusCodes.Status403Forbidden, problem, "Signed in, but not allowed: no recent step-up (the detail names how to confirm it is you), the role, the API key's scopes, a session being required, MFA the workspace requires, or a cross-site request.",
                    ProblemTypes.StepUpRequired, ProblemTypes.Forbidden, ProblemTypes.MissingScope, ProblemTypes.SessionRequired, ProblemTypes.MfaEnrolmentRequired, ProblemTypes.CrossSiteRequest);
            }

            Add(operation, StatusCodes.Status403Forbidden, problem, "Signed in, but not allowed: the role, the API key's scopes, a session being required, MFA the workspace requires, or a cross-site request.",
                ProblemTypes.Forbidden, ProblemTypes.MissingScope, ProblemTypes.SessionRequired, ProblemTypes.MfaEnrolmentRequired, ProblemTypes.CrossSiteRequest);
        }

        if (hasRouteIds)
        {
            Add(operation, StatusCodes.Status404NotFound, problem, "No such record, or one the caller may not see: both answer the same.", ProblemTypes.NotFound);
        }

        if (unsafeMethod && metadata.OfType<Workspaces.RequiresPermission>().Any())
        {
            Add(operation, StatusCodes.Status409Conflict, problem, "The change conflicts with the workspace's state: changed concurrently, the owner's standing, an existing member, a deleted workspace past its grace period, or a closed or conflicting proposal.",
                ProblemTypes.VersionConflict, ProblemTypes.OwnerRequired, ProblemTypes.AlreadyMember, ProblemTypes.GracePeriodOver, ProblemTypes.ProposalClosed, ProblemTypes.ProposalConflict);
        }

        if (hasBody)
        {
            Add(operation, StatusCodes.Status413PayloadTooLarge, problem, "The body is larger than the operation accepts.", ProblemTypes.BodyTooLarge);
            Add(operation, StatusCodes.Status415UnsupportedMediaType, problem, "The body is not sent as application/json.", ProblemTypes.UnsupportedMediaType);
        }

        if (authenticated)
        {
            Add(operation, StatusCodes.Status429TooManyRequests, problem, "Too many requests: by this API key, with wrong API keys from this address, or of second-factor codes for this account; Retry-After says when to try again.", ProblemTypes.RateLimited);
        }

        Add(operation, StatusCodes.Status503ServiceUnavailable, problem, "The database is unavailable, or the cluster did not answer in time; Retry-After says when to try again.",
            ProblemTypes.DatabaseUnavailable, ProblemTypes.ClusterUnavailable);

        // Statuses the endpoint declared with a problem body: make their content problem+json too.
        foreach (var (status, response) in operation.Responses)
        {
            if (int.TryParse(status, out var code) && code >= 400 && response is OpenApiResponse declared)
            {
                declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (!declared.Content.ContainsKey(ProblemJson))
                {
                    declared.Content.Clear();
                    declared.Content[ProblemJson] = new OpenApiMediaType { Schema = code == 400 ? validation : problem };
                }
            }
        }
    }

    private static void Add(OpenApiOperation operation, int status, IOpenApiSchema schema, string description, params string[] types)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = $"{description} Problem types: {string.Join(", ", types)}.",
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new OpenApiMediaType { Schema = schema } },
        };
    }

    private static async Task<IOpenApiSchema> SchemaAsync<T>(OpenApiOperationTransformerContext context, string id, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(id))
        {
            document.Components.Schemas[id] = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
        }

        return new OpenApiSchemaReference(id, document);
    }
}
