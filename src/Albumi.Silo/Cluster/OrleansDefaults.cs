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
    /// Failure detection for clusters of a few nodes (section <c>Orleans:Membership</c>). Every silo probes every other
    /// (up to <c>NumProbedSilos</c>), about every 0.75 s on a quiet network (Orleans adapts the period and timeout per
    /// peer between <c>ProbeTimeout</c>/2 and <c>MaxProbeTimeout</c>); <c>NumMissedProbesLimit</c> missed probes in a row
    /// make a silo suspect it, the last one asked through another silo when there is one. A peer that sent anything on
    /// its connection within <c>MaxProbeTimeout</c> × <c>NumMissedProbesLimit</c> (4.5 s) is not voted dead: a node whose
    /// own thread pool stalled (1.5 s stalls were seen on a loaded 2-core machine) misses probes but still hears its
    /// healthy peers, so it does not evict them. Orleans' default window is four times the probe timeout times the
    /// missed probes, which kept a frozen node (SIGSTOP) in the cluster for about 25 s. Votes needed: two, or one when
    /// only one or two silos are left; a vote counts for <c>DeathVoteExpirationTimeout</c>, so suspicions from an old
    /// stall do not add up with new ones. Every silo reads the table every <c>TableRefreshTimeout</c>, so a silo that was
    /// declared dead while it could still run (cut off, paused) learns it within that time and stops.
    /// </summary>
    internal static void Apply(ClusterMembershipOptions options, IConfiguration configuration)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1.5);
        options.NumMissedProbesLimit = 3;
        options.EnableConnectionLivenessCheck = true;
        options.NumVotesForDeathDeclaration = 2;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
        var section = configuration.GetSection("Orleans:Membership");
        section.Bind(options);

        // Unless configured, the probe timeout is also the longest one (Orleans' default is four times it).
        if (section["MaxProbeTimeout"] is null)
        {
            options.MaxProbeTimeout = options.ProbeTimeout;
        }
    }

    /// <summary>
    /// Grain calls (section <c>Orleans:Messaging</c>): a call not answered within <c>ResponseTimeout</c> fails with a
    /// <see cref="TimeoutException"/>. Albumi's default is 4 s (Orleans' is 30 s), below the 5 s a client or load balancer
    /// commonly gives a request, so a request held up by a stuck or frozen activation is answered 503 before its client
    /// gives up, and a <c>[Repeatable]</c> call is sent again (<c>SiloFailureRetry</c>). Methods that wait out other
    /// nodes' caches or rewrite stored secrets declare longer deadlines (<c>GrainCallDeadlines</c>). A request whose
    /// deadline passed while it waited in an activation's queue is dropped there, not run late.
    /// </summary>
    internal static void Apply(SiloMessagingOptions options, IConfiguration configuration)
    {
        options.ResponseTimeout = TimeSpan.FromSeconds(4);
        options.DropExpiredMessages = true;
        configuration.GetSection("Orleans:Messaging").Bind(options);
    }

    /// <summary>
    /// The grain directory (section <c>Orleans:GrainDirectory</c>). After a silo fails, Orleans holds its grains' directory
    /// entries under a lease that starts at the estimated failure (the declaration minus the failure-detection window),
    /// so that no second activation starts while the failed silo might still run its own; every call to those grains
    /// waits for it. Orleans' default lease (30 s) is what stalled the survivors' requests for about 30 s after a
    /// freeze. Albumi's default ends the lease 2 s after the declaration: by then a declared-dead silo that still runs has
    /// read the membership table (every <c>TableRefreshTimeout</c>) and stopped.
    /// </summary>
    internal static void Apply(GrainDirectoryOptions options, ClusterMembershipOptions membership, IConfiguration configuration)
    {
        options.RangeLeaseDuration = membership.MaxProbeTimeout * membership.NumMissedProbesLimit + membership.TableRefreshTimeout;
        configuration.GetSection("Orleans:GrainDirectory").Bind(options);
    }
}
