using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Albumi.Grains;

/// <summary>The services grains and request handlers share, besides the grains themselves.</summary>
public static class GrainServices
{
    public static IServiceCollection AddAlbumiGrainServices(this IServiceCollection services)
    {
        services.AddOptions<SessionLifetimeOptions>().BindConfiguration(SessionLifetimeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionLifetimeOptions>, SessionLifetimeOptionsValidator>();
        services.AddOptions<ApiKeys.ApiKeyOptions>().BindConfiguration(ApiKeys.ApiKeyOptions.SectionName);
        services.AddSingleton<ApiKeys.ApiKeyStore>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<Security.KeyRingStore>();
        services.AddSingleton<Mfa.RecoveryCodeHasher>();
        services.AddOptions<Limits.AuthLimitOptions>().BindConfiguration(Limits.AuthLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Limits.AuthLimitOptions>, Limits.AuthLimitOptionsValidator>();
        services.AddSingleton<Mfa.TotpService>();
        services.AddSingleton<SessionIssuer>();
        services.AddSingleton<SessionDirectory>();
        services.AddSingleton<Telemetry.AlbumiMetrics>();
        services.AddSingleton<SecurityAuditLog>();
        services.AddSingleton<Workspaces.WorkspaceDirectory>();
        services.AddSingleton<Catalog.CatalogStore>();
        services.AddSingleton<Catalog.CommentStore>();
        services.AddSingleton<Catalog.ProposalStore>();
        services.AddOptions<Lifecycle.LifecycleOptions>().BindConfiguration(Lifecycle.LifecycleOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Lifecycle.LifecycleOptions>, Lifecycle.LifecycleOptionsValidator>();
        services.AddSingleton<Lifecycle.WorkspacePurger>();
        services.AddSingleton<Sharing.ShareStore>();
        services.AddSingleton<Lifecycle.WorkspaceExporter>();
        services.AddSingleton<Lifecycle.WorkspaceImporter>();
        return services;
    }
}
