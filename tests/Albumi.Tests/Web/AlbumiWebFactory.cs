using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Web;

/// <summary>The real web node in-process, on a database the test chose, with optional extra test services.</summary>
public sealed class AlbumiWebFactory(string ownerConnectionString, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Albumi", ownerConnectionString);
        builder.UseSetting("Albumi:Node:ListenReconnectMaxDelay", "00:00:00.500");
        builder.UseEnvironment("Test");
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
