using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Albumi.Web.Health;
using Albumi.Web.Problems;

namespace Albumi.Web;

/// <summary>How the web node is put together; Program.cs only calls these two.</summary>
public static class AlbumiWebApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddAlbumiWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(urls);
        }

        builder.AddAlbumiNode(defaultNodeName: DefaultNodeName(urls));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        return builder;
    }

    public static WebApplication UseAlbumiWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve the database settings now, so a missing PostgreSQL ends the run with one line, before the host starts.
        app.Services.GetRequiredService<DatabaseSettings>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        return app;
    }

    private static string DefaultNodeName(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = first is not null && Uri.TryCreate(first.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "web";
        return $"{Environment.MachineName}:{port}";
    }
}
