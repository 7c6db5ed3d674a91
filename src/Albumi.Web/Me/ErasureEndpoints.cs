using System.Security.Claims;
using System.Text.Json.Nodes;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Web.Auth;
using Albumi.Web.Problems;

namespace Albumi.Web.Me;

/// <summary>
/// <c>/v1/me/erasure</c>: ask to be forgotten (202 with the time it will happen), see it, or cancel it by signing in
/// and deleting the request. Sessions only: an API key cannot erase the person who made it.
/// </summary>
public static class ErasureEndpoints
{
    public static IEndpointRouteBuilder MapErasureEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var erasure = endpoints.MapGroup("/v1/me/erasure").WithTags("Me").RequireSession();
        erasure.MapPost("/", RequestAsync).RequireStepUp().Produces<ErasureScheduled>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict);
        erasure.MapGet("/", ReadAsync).Produces<ErasureStatus>();
        erasure.MapDelete("/", CancelAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> RequestAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        try
        {
            var due = await grains.GetGrain<IAccountErasureGrain>(user.GetAccountId()!.Value).RequestAsync();
            return TypedResults.Accepted("/v1/me/erasure", new JsonObject { ["eraseAfter"] = due });
        }
        catch (OwnerMustTransferException owner)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.OwnerRequired, title: "Transfer ownership first.", detail: owner.Message,
                extensions: new Dictionary<string, object?> { ["workspaces"] = owner.Workspaces });
        }
    }

    private static async Task<IResult> ReadAsync(ClaimsPrincipal user, IGrainFactory grains)
        => await grains.GetGrain<IAccountErasureGrain>(user.GetAccountId()!.Value).ScheduledAsync() is { } due
            ? TypedResults.Ok(new JsonObject { ["scheduled"] = true, ["eraseAfter"] = due })
            : TypedResults.Ok(new JsonObject { ["scheduled"] = false });

    private static async Task<IResult> CancelAsync(ClaimsPrincipal user, IGrainFactory grains)
        => await grains.GetGrain<IAccountErasureGrain>(user.GetAccountId()!.Value).CancelAsync()
            ? TypedResults.NoContent()
            : Problem.NotFound("erasure request");
}

/// <summary>The answer to an erasure request: when the account will be erased unless the request is cancelled.</summary>
public sealed record ErasureScheduled(DateTimeOffset EraseAfter);

/// <summary>Whether an erasure is scheduled, and (only when it is) when it falls due.</summary>
public sealed record ErasureStatus(bool Scheduled)
{
    public DateTimeOffset? EraseAfter { get; init; }
}
