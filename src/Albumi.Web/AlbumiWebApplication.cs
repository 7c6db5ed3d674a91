using System.Globalization;
using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Albumi.Web.Auth;
using Albumi.Web.Auth.Oidc;
using Albumi.Web.Catalog;
using Albumi.Web.DataProtection;
using Albumi.Web.Health;
using Albumi.Web.Lifecycle;
using Albumi.Web.Me;
using Albumi.Web.OpenApi;
using Albumi.Web.Ops;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Albumi.Web.Sharing;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Albumi.Web;

/// <summary>How the web node is put together; Program.cs only calls these two.</summary>
public static class AlbumiWebApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddAlbumiWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(urls);
        }

        builder.AddAlbumiNode(defaultNodeName: DefaultNodeName(urls), silo => silo.AddDashboard());
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddRazorPages().AddMvcOptions(o =>
        {
            o.Filters.Add(new Pages.Shared.UnhandledPostRefusal());
            o.Filters.Add(new Pages.Shared.SiteHeaderPrefetch());
        });
        services.AddSingleton<Ops.OperatorStatus>();
        services.AddSingleton<Pages.Workspace.WorkspacePageAccess>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new PostgresSafeStringConverter());
            o.SerializerOptions.Converters.Add(new Catalog.CatalogEntityJsonConverter());
        });
        services.AddExceptionHandler<WorkspaceRuleExceptionHandler>();
        services.AddExceptionHandler<CatalogExceptionHandler>();
        services.AddAlbumiOpenApi();
        services.AddDataProtection().SetApplicationName("Albumi");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<Albumi.Grains.Persistence.AlbumiDataSources>(), sp.GetRequiredService<Albumi.Grains.Security.KeyRingStore>());

            // The repository encrypts every element under the key ring (see RepositoryEncryptedXml).
            options.XmlEncryptor = new RepositoryEncryptedXml();
        }));

        services.AddAuthentication(AuthPolicies.DefaultScheme)
            .AddPolicyScheme(AuthPolicies.DefaultScheme, "Session cookie or API key", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName : SessionCookieAuthentication.SchemeName)
            .AddSessionCookie()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddOidcProviders(builder.Configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.SignedIn, policy => policy.RequireAuthenticatedUser()); // the default scheme's principal: no second pass
        services.UseOneOfEachAuthorizationService();
        services.AddSingleton<Limits.SignInLimit>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<PasswordRegistration>();
        services.AddSingleton<Me.PasswordReauthentication>();
        services.AddSingleton<Me.SecondFactorStepUp>();
        services.AddSingleton<Limits.FailedApiKeyLimit>();
        services.AddHttpEdge();

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        services.AddSingleton(sp => new LocalAccounts(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value.LocalAccounts ?? sp.GetRequiredService<DatabaseSettings>().Embedded is not null));
        services.AddSingleton<PasswordHasher<PasswordAccount>>();
        services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MfaOptions>, MfaOptionsValidator>();
        services.AddHostedService<Me.RecoveryCodeUpgrade>();
        return builder;
    }

    public static WebApplication UseAlbumiWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve the database settings now, so a missing PostgreSQL ends the run with one line, before the host starts.
        app.Services.GetRequiredService<DatabaseSettings>();
        if (app.Services.GetRequiredService<Albumi.Grains.Security.MasterKeySource>().Path is null)
        {
            throw new DatabaseSetupException(
                "No master key for field encryption: set Albumi:Encryption:MasterKeyFile (or ALBUMI_MASTER_KEY_FILE) to a file holding 32 random bytes in base64.");
        }

        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseBrowserErrorPages();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(ApiKeyGuards.RefuseKeysInQueryStringAsync);
        app.Use(TextInputGuard.RefuseUnstorableTextAsync);
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseAuthentication();
        app.Use(Limits.ApiKeyRequestLimit.LimitAsync);
        app.UseAuthorization();
        app.Use(ApiKeyGuards.EnforceScopesAsync);
        app.Use(GrainCallerMiddleware.ActForTheAuthenticatedAccountAsync);

        app.MapOpenApi(AlbumiOpenApi.DocumentPath);
        app.MapApiReferencePage();
        app.UseStaticFiles();
        app.MapRazorPages();

        // The address a new user opens first: their workspaces (which send them to sign in when they are not).
        app.MapGet("/", () => TypedResults.Redirect("/workspaces")).ExcludeFromDescription();
        app.MapHealthEndpoints();
        app.MapProviderEndpoints();
        app.MapPasswordEndpoints();
        app.MapSignOutEndpoints();
        app.MapMeEndpoints();
        app.MapPersonalDataEndpoints();
        app.MapErasureEndpoints();
        app.MapApiKeyEndpoints();
        app.MapMfaEndpoints();
        app.MapReauthenticationEndpoints();
        app.MapInviteAcceptance();
        app.MapWorkspaceGroup()
            .MapWorkspaceEndpoints()
            .MapMemberEndpoints()
            .MapInviteEndpoints()
            .MapWorkspaceAuditEndpoints()
            .MapCatalogEndpoints()
            .MapProposalEndpoints()
            .MapActivityEndpoints()
            .MapClassificationPolicyEndpoints()
            .MapShareEndpoints()
            .MapExportEndpoints();
        app.MapSharePage();
        app.MapOpsEndpoints();
        app.MapOrleansDashboardForOperators();
        app.MapImportEndpoints();
        return app;
    }

    private static string DefaultNodeName(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = first is not null && Uri.TryCreate(first.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Port.ToString(CultureInfo.InvariantCulture)
            : "web";
        return $"{Environment.MachineName}:{port}";
    }
}
