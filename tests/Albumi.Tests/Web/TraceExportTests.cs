using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Albumi.Silo.Hosting;
using Albumi.Testing;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Albumi.Tests.Web;

/// <summary>
/// Traces by OTLP (<see cref="AlbumiTelemetry"/>) to a receiver on loopback that keeps what it is sent: one request
/// yields its ASP.NET Core span, the grain call it made (Orleans' activity propagation) and the database statement
/// (Npgsql) beneath it. OTLP is protobuf, whose strings travel as plain UTF-8, so span and attribute names are found
/// in the bytes.
/// </summary>
public sealed class TraceExportTests : WebNodesTest, IAsyncLifetime
{
    private readonly int _port = NodeProcess.FreePort();
    private readonly ConcurrentQueue<byte[]> _traces = new();
    private WebApplication _receiver = null!;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [AlbumiTelemetry.OtlpSetting] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}"),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}"));
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _traces.Enqueue(body.ToArray());
            return Results.Ok();
        });
        _receiver.MapPost("/v1/metrics", () => Results.Ok());
        await _receiver.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ARequestIsTracedThroughItsGrainCallIntoTheDatabase()
    {
        var account = new AccountClient(Node.CreateBareClient());
        await account.RegisterAndSignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await account.GetAsync("/v1/me")).StatusCode);

        // Spans leave in batches; stopping the node flushes what is left.
        await Nodes[0].DisposeAsync();
        var sent = string.Concat(_traces.Select(Encoding.UTF8.GetString));

        Assert.Contains("/auth/password/signin", sent, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Orleans.Application", sent, StringComparison.Ordinal);
        Assert.Contains("IAccountGrain", sent, StringComparison.Ordinal);
        Assert.Contains("Npgsql", sent, StringComparison.Ordinal);
        Assert.Contains("db.query.text", sent, StringComparison.Ordinal);
    }

    /// <summary>A share link's or an invite's token in the path is a secret: the request's span names the route, <c>{token}</c>, not the token.</summary>
    [Fact]
    public async Task TokensInPathsNeverReachATrace()
    {
        var account = new AccountClient(Node.CreateBareClient());
        await account.RegisterAndSignInAsync();
        var shareToken = "Sh" + Guid.NewGuid().ToString("N")[..20];
        var inviteToken = $"inv_{Guid.NewGuid():N}_" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.NotFound, (await account.GetAsync($"/s/{shareToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await account.PostAsync($"/v1/invites/{inviteToken}/accept")).StatusCode);

        await Nodes[0].DisposeAsync();
        var sent = string.Concat(_traces.Select(Encoding.UTF8.GetString));

        Assert.Contains("/s/{token}", sent, StringComparison.Ordinal);
        Assert.Contains("/v1/invites/{token}/accept", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(shareToken, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(inviteToken, sent, StringComparison.Ordinal);
    }
}
