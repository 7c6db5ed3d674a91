using Albumi.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Hosting;

namespace Albumi.Silo.Hosting;

/// <summary>
/// Metrics and traces with OpenTelemetry, off unless configured: a Prometheus scrape endpoint on a port of its own
/// (<c>Albumi:Telemetry:PrometheusEndpoint</c>), and OTLP export of metrics and traces when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Traces follow a request from ASP.NET Core through grain calls
/// (Orleans' activity propagation) into Npgsql.
/// </summary>
public static class AlbumiTelemetry
{
    public const string PrometheusSetting = "Albumi:Telemetry:PrometheusEndpoint";
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The meters exported: HTTP server and Kestrel, Orleans, Npgsql, the runtime, Albumi.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.Orleans", "Npgsql", "System.Runtime", AlbumiMetrics.MeterName,
    ];

    /// <summary>The trace sources exported beside ASP.NET Core's.</summary>
    public static readonly string[] TraceSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Npgsql"];

    public static void Add(IHostApplicationBuilder builder, ISiloBuilder silo)
    {
        var prometheus = PrometheusEndpoint(builder.Configuration[PrometheusSetting]);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpSetting]);
        if (prometheus is null && !otlp)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("albumi"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Meters);
            if (prometheus is not null)
            {
                metrics.AddPrometheusHttpListener(options =>
                {
                    options.Host = prometheus.Host;
                    options.Port = prometheus.Port;
                });
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });

        if (otlp)
        {
            // Propagation puts a filter on every grain call (about a microsecond each): only when traces go somewhere.
            silo.AddActivityPropagation();
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpResponse = RedactedRequestPath.OnSpan)
                .AddSource(TraceSources)
                .AddOtlpExporter());
        }
    }

    /// <summary>The address and port of a configured endpoint such as <c>http://127.0.0.1:9464/</c>; scraped at <c>/metrics</c>.</summary>
    private static Uri? PrometheusEndpoint(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Port <= 0)
        {
            throw new InvalidOperationException(
                $"{PrometheusSetting} is '{configured}': give the scheme, address and port the scrape endpoint listens on, such as http://127.0.0.1:9464/ (it serves /metrics).");
        }

        return uri;
    }
}
