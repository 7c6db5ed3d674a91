using Albumi.Silo.Hosting;
using Albumi.Web;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddAlbumiWeb();
    var app = builder.Build();
    app.UseAlbumiWeb();
    await app.Services.PrepareDatabaseAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } failure)
{
    await Console.Error.WriteLineAsync(failure);
    return 1;
}

/// <summary>The web node's entry point (public so tests can host it).</summary>
public partial class Program;
