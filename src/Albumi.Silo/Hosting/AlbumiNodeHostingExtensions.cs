using System.Reflection;
using Albumi.Grains;
using Albumi.Grains.Caching;
using Albumi.Grains.Cluster;
using Albumi.Grains.Lifecycle;
using Albumi.Grains.Persistence;
using Albumi.Grains.Security;
using Albumi.Grains.Time;
using Albumi.Silo.Caching;
using Albumi.Silo.Cluster;
using Albumi.Silo.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Albumi.Silo.Hosting;

/// <summary>Adds a node to a host: database set-up, then an Orleans silo on the same PostgreSQL (membership, reminders, grain storage).</summary>
public static class AlbumiNodeHostingExtensions
{
    /// <summary>
    /// Registers everything a node runs. <paramref name="defaultNodeName"/> names the silo when <c>Orleans:Name</c> is not
    /// set; <paramref name="configureSilo"/> adds what only some hosts have (the web node's dashboard, test grains).
    /// </summary>
    public static IHostApplicationBuilder AddAlbumiNode(this IHostApplicationBuilder builder, string defaultNodeName, Action<ISiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Resolved from the final configuration (test hosts and command lines add theirs after this call).
        services.AddSingleton(sp => DatabaseSettings.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<DatabaseState>();
        services.TryAddSingleton(AlbumiClock.System);
        services.AddMetrics();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<DatabaseSettings>();
            return new AlbumiDataSources(NpgsqlDataSource.Create(settings.AppConnectionString), NpgsqlDataSource.Create(settings.AuditConnectionString));
        });
        services.AddAlbumiGrainServices();
        services.AddSingleton<NodeCache>();
        services.AddSingleton<INodeCacheInvalidator, NodeCacheInvalidator>();
        services.AddSingleton(sp => MasterKey(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseSettings>()));

        // Hosted services start in registration order and stop in reverse: the database is up before the silo starts
        // and goes down after it stopped.
        services.AddHostedService<DatabaseBootstrapper>();
        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(options => options.Configure<DatabaseSettings>((o, db) =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = OrleansConnectionString(db);
            }));
            silo.UseAdoNetReminderService(options => options.Configure<DatabaseSettings>((o, db) =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = OrleansConnectionString(db);
            }));
            silo.AddAdoNetGrainStorage(OrleansDefaults.GrainStorage, options => options.Configure<DatabaseSettings>((o, db) =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = OrleansConnectionString(db);
            }));
            silo.AddIncomingGrainCallFilter<WorkspaceMembersOnlyCallFilter>();
            silo.AddGrainService<NodeCacheService>();
            AlbumiTelemetry.Add(builder, silo);
            configureSilo?.Invoke(silo);
        });
        services.DecorateOrleansGrainCalls();

        services.AddOptions<HostOptions>().Configure<IConfiguration>((o, c) => o.ShutdownTimeout = ShutdownTimeout(c) ?? o.ShutdownTimeout);

        // After the silo: starts once it is active, stops before it leaves.
        services.AddSingleton<IFatalErrorHandler, DeclaredDeadFatalErrorHandler>();
        services.AddSingleton<DeclaredDeadExit>();
        services.AddHostedService(sp => sp.GetRequiredService<DeclaredDeadExit>());

        services.AddOptions<ClusterOptions>().Configure<IConfiguration>((o, c) => OrleansDefaults.Apply(o, c));
        services.AddOptions<EndpointOptions>().Configure<IConfiguration>((o, c) => OrleansDefaults.Apply(o, c));
        services.AddOptions<ClusterMembershipOptions>().Configure<IConfiguration>((o, c) => OrleansDefaults.Apply(o, c));
        services.AddOptions<SiloMessagingOptions>().Configure<IConfiguration>((o, c) => OrleansDefaults.Apply(o, c));
        services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<ClusterMembershipOptions>, IConfiguration>((o, m, c) => OrleansDefaults.Apply(o, m.Value, c));
        // Read from the final configuration; a node whose TLS files are unusable does not start.
        services.AddOptions<SiloConnectionOptions>().Configure<IConfiguration>((o, c) => SiloTls.FromConfiguration(c)?.Apply(o));
        services.AddOptions<SiloOptions>().Configure<IConfiguration>((o, c) => o.SiloName = c["Orleans:Name"] is { Length: > 0 } name ? name : defaultNodeName);

        // Reminders tick every Albumi:Lifecycle:ReminderPeriod; Orleans refuses periods below its minimum.
        services.AddOptions<ReminderOptions>().Configure<IOptions<LifecycleOptions>>((o, lifecycle) =>
            o.MinimumReminderPeriod = lifecycle.Value.ReminderPeriod < o.MinimumReminderPeriod ? lifecycle.Value.ReminderPeriod : o.MinimumReminderPeriod);
        return builder;
    }

    /// <summary><c>Albumi:ShutdownTimeout</c>: how long a node may take to stop (<see cref="NodeRun"/> holds it to that).</summary>
    private static TimeSpan? ShutdownTimeout(IConfiguration configuration)
    {
        var configured = configuration["Albumi:ShutdownTimeout"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        return TimeSpan.TryParse(configured, System.Globalization.CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : throw new InvalidOperationException($"Albumi:ShutdownTimeout is '{configured}': give a positive time span such as 00:00:30.");
    }

    /// <summary>The runtime role's connection, in a pool of its own for Orleans' providers.</summary>
    private static string OrleansConnectionString(DatabaseSettings database)
        => new NpgsqlConnectionStringBuilder(database.AppConnectionString)
        {
            ApplicationName = OrleansDefaults.ApplicationName,
            MaxPoolSize = OrleansDefaults.MaxPoolSize,
        }.ConnectionString;

    /// <summary>The configured master key file; with the embedded database and none configured, one beside its data folder.</summary>
    private static MasterKeySource MasterKey(IConfiguration configuration, DatabaseSettings database)
    {
        var configured = configuration["Albumi:Encryption:MasterKeyFile"] ?? configuration["ALBUMI_MASTER_KEY_FILE"];
        return configured is { Length: > 0 }
            ? new MasterKeySource(configured, CreateIfMissing: false)
            : database.Embedded is { } embedded
                ? new MasterKeySource(Path.Combine(Path.GetDirectoryName(embedded.DataDirectory)!, "master.key"), CreateIfMissing: true)
                : new MasterKeySource(null, CreateIfMissing: false);
    }

    /// <summary>
    /// Starts the embedded cluster (when configured) before the host does, so that a failure there (no binaries, a data
    /// folder the server cannot use) ends the run with one line instead of a host start-up error. Idempotent.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetRequiredService<DatabaseSettings>().Embedded is { } embedded)
        {
            await embedded.StartAsync(cancellationToken);
        }
    }
}
