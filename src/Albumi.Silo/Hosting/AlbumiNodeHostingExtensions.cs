using System.Reflection;
using Albumi.Grains;
using Albumi.Grains.Persistence;
using Albumi.Grains.Security;
using Albumi.Silo.Cluster;
using Albumi.Silo.Database;
using Albumi.Silo.Reminders;
using Albumi.Silo.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Silo.Hosting;

/// <summary>Adds a node to a host: database set-up, the grain runtime and its background services.</summary>
public static class AlbumiNodeHostingExtensions
{
    /// <summary>
    /// Registers everything a node runs. Grains come from Albumi.Grains plus <paramref name="grainAssemblies"/>;
    /// <paramref name="defaultNodeName"/> is used when <c>Albumi:Node:Name</c> is not set.
    /// </summary>
    public static IHostApplicationBuilder AddAlbumiNode(this IHostApplicationBuilder builder, string defaultNodeName, params Assembly[] grainAssemblies)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Resolved from the final configuration (test hosts and command lines add theirs after this call).
        services.AddSingleton(sp => DatabaseSettings.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<DatabaseState>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();
        services.AddSingleton(sp => new NodeIdentity(
            Guid.NewGuid(),
            sp.GetRequiredService<IOptions<SiloOptions>>().Value.Name ?? defaultNodeName,
            Environment.MachineName,
            sp.GetRequiredService<TimeProvider>().GetUtcNow()));

        services.AddSingleton(new GrainTypeRegistry([typeof(AlbumiDataSources).Assembly, .. grainAssemblies]));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<DatabaseSettings>();
            return new AlbumiDataSources(NpgsqlDataSource.Create(settings.AppConnectionString), NpgsqlDataSource.Create(settings.AuditConnectionString));
        });
        services.AddAlbumiGrainServices();
        services.AddSingleton(sp => MasterKey(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseSettings>()));
        services.AddSingleton<SiloMetrics>();
        services.AddSingleton<ReminderTable>();
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());

        // Hosted services start in this order and stop in the reverse: the database first up, last down.
        services.AddHostedService<DatabaseBootstrapper>();
        AddBackgroundService<ClusterChangeListener>(services);
        AddBackgroundService<NodeHeartbeatService>(services);
        AddBackgroundService<ReminderService>(services);
        AddBackgroundService<IdleCollectionService>(services);
        return builder;
    }

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

    private static void AddBackgroundService<TService>(IServiceCollection services)
        where TService : class, IHostedService
    {
        services.AddSingleton<TService>();
        services.AddHostedService(sp => sp.GetRequiredService<TService>());
    }
}
