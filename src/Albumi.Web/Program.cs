using Albumi.Silo.Hosting;
using Albumi.Web;

WebApplication? app = null;
var failed = false;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddAlbumiWeb();
    app = builder.Build();
    app.UseAlbumiWeb();
    await app.Services.PrepareDatabaseAsync();
    return await NodeRun.RunAsync(app);
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } failure)
{
    failed = true;
    await Console.Error.WriteLineAsync(failure);
    return 1;
}
finally
{
    await StartupFailure.DisposeAsync(app, failed);
}

/// <summary>The web node's entry point (public so tests can host it).</summary>
public partial class Program;
