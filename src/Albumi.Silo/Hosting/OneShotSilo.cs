using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Albumi.Silo.Hosting;

/// <summary>
/// The silo an operator command starts for the length of one command (<c>keys …</c> asks the cluster's key-ring grain):
/// on a silo port nothing listens on and with no gateway, whatever ports the environment names for this machine's node.
/// Taking a running node's port would make the cluster mark that node's silo dead as an older clone of this one.
/// </summary>
public static class OneShotSilo
{
    public static void UsePortsOfItsOwn(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = "0",
            ["Orleans:Name"] = $"{Environment.MachineName}:command-{Environment.ProcessId}",
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
