using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Albumi.Silo.Cluster;

/// <summary>
/// Albumi's defaults for Orleans' own settings (section <c>Orleans</c>), applied before the section is bound, so
/// whatever is configured wins: a second node on the same machine needs only other ports.
/// </summary>
public static class OrleansDefaults
{
    public const string ClusterId = "albumi";
    public const string ServiceId = "albumi";
    public const int SiloPort = 11111;
    public const int GatewayPort = 30000;

    /// <summary>The grain storage provider for state of one grain only (<c>IPersistentState</c>).</summary>
    public const string GrainStorage = Albumi.Grains.Persistence.GrainStorage.Name;

    /// <summary>Orleans' own connection pool: its name in pg_stat_activity and its size.</summary>
    public const string ApplicationName = "albumi-orleans";
    public const int MaxPoolSize = 10;

    internal static void Apply(ClusterOptions options, IConfiguration configuration)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
        configuration.GetSection("Orleans").Bind(options);
    }

    internal static void Apply(EndpointOptions options, IConfiguration configuration)
    {
        options.SiloPort = SiloPort;
        options.GatewayPort = GatewayPort;
        options.AdvertisedIPAddress = IPAddress.Loopback;
        configuration.GetSection("Orleans:Endpoints").Bind(options);
    }

    /// <summary>
    /// Moderate failure detection (section <c>Orleans:Membership</c>): a silo that stops answering probes is declared dead
    /// after about NumMissedProbesLimit × ProbeTimeout; aggressive values evict healthy silos on a loaded 2-core machine.
    /// </summary>
    internal static void Apply(ClusterMembershipOptions options, IConfiguration configuration)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
        configuration.GetSection("Orleans:Membership").Bind(options);
    }
}
