using Albumi.Grains.Persistence;
using Albumi.Silo.Database;
using Orleans.Runtime;

namespace Albumi.Web.Health;

/// <summary><c>GET /healthz</c>: database reachable, migration level, and this node's silo active in the cluster's membership. 200 when all hold, else 503.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", GetHealthAsync).ExcludeFromDescription();
        return endpoints;
    }

    internal static async Task<IResult> GetHealthAsync(
        AlbumiDataSources dataSources,
        DatabaseState database,
        ILocalSiloDetails silo,
        IClusterMembershipService membership,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var databaseUp = await CanQueryAsync(dataSources, cancellationToken);
        var siloStatus = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var report = new HealthReport(
            Status: databaseUp && siloStatus == SiloStatus.Active && database.IsReady ? "healthy" : "unhealthy",
            Node: silo.Name,
            Database: databaseUp ? "reachable" : "unreachable",
            Silo: siloStatus.ToString().ToLowerInvariant(),
            MigrationLevel: database.MigrationLevel);
        httpContext.Response.Headers.CacheControl = "no-store";
        return Results.Json(report, statusCode: report.Status == "healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> CanQueryAsync(AlbumiDataSources dataSources, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSources.App.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(timeout.Token) is 1;
        }
        catch (Exception exception) when (DatabaseUnavailableCheck(exception))
        {
            return false;
        }
    }

    private static bool DatabaseUnavailableCheck(Exception exception)
        => exception is OperationCanceledException || DatabaseFailures.IsUnavailable(exception);
}

/// <summary>The body of <c>/healthz</c>.</summary>
/// <remarks><c>silo</c> is the silo's status in Orleans' membership table: <c>active</c> when it serves grains.</remarks>
public sealed record HealthReport(string Status, string Node, string Database, string Silo, int MigrationLevel);
