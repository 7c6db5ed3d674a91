using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Requests;

/// <summary>
/// ASP.NET Core's forwarded headers, believed only from <see cref="HttpEdgeOptions.TrustedProxies"/>: the client's
/// address (which the per-IP limits count) and scheme (which decides HSTS) come from <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> when the peer is a trusted proxy, walking back through a chain of them; otherwise from the
/// socket. The framework's default trust of loopback proxies is removed.
/// </summary>
public static class HttpEdge
{
    public static IServiceCollection AddHttpEdge(this IServiceCollection services)
    {
        services.AddOptions<HttpEdgeOptions>().BindConfiguration(HttpEdgeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpEdgeOptions>, HttpEdgeOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpEdgeOptions>>((forwarded, edge) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in edge.Value.ParseTrustedProxies().Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }
}
