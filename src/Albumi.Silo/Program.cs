using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// A headless node: the same runtime as the web nodes (reminders, cleanup, invalidation), without HTTP.
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddAlbumiNode(defaultNodeName: $"{Environment.MachineName}:silo");
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception exception) when (exception is PostgresNotInstalledException or DatabaseSetupException)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
