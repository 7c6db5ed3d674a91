using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Albumi.Testing;
using Npgsql;

namespace Albumi.Bench;

/// <summary>
/// Two web nodes as processes on an embedded PostgreSQL; a workspace of many rows is deleted and, once a node is
/// purging it, that node is killed (SIGKILL) or frozen (SIGSTOP). Reported from the signal: when the membership table
/// marks it dead, when the survivor resumes the purge, when the purge is finished and audited; and how many of the
/// survivor's own requests (another tenant's page, every 100 ms) failed meanwhile. The membership settings are the
/// defaults (<c>OrleansDefaults</c>); pass e.g. <c>Orleans__Membership__ProbeTimeout=00:00:01</c> to try others.
/// </summary>
internal static class Failover
{
    private const int SeededRows = 20_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task RunAsync()
    {
        foreach (var signal in new[] { "KILL", "STOP" })
        {
            await RunOnceAsync(signal);
        }
    }

    private static async Task RunOnceAsync(string signal)
    {
        await using var bench = await BenchDatabase.StartAsync();
        var nodes = new List<Node>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                nodes.Add(Node.Start(i, bench.OwnerConnectionString, bench.MasterKeyFile));
            }

            foreach (var node in nodes)
            {
                await node.WaitHealthyAsync(Patience);
            }

            var front = nodes[0];
            var cookie = await front.SignUpAsync();
            var doomed = await front.CreateWorkspaceAsync(cookie, "Doomed");
            var neighbour = await front.CreateWorkspaceAsync(cookie, "Neighbour");
            await WorkspaceSeed.EntitiesAsync(bench.OwnerConnectionString, doomed, SeededRows);
            await front.SendAsync(HttpMethod.Delete, $"/v1/workspaces/{doomed}", cookie, HttpStatusCode.Accepted);

            var purging = $"Purging workspace {doomed}";
            var started = Stopwatch.StartNew();
            Node? victim = null;
            while ((victim = nodes.FirstOrDefault(n => n.Output.Contains(purging, StringComparison.Ordinal))) is null)
            {
                Require(started.Elapsed < Patience, "No node started the purge.");
                await Task.Delay(20);
            }

            var survivor = nodes.Single(n => n != victim);
            await victim.SignalAsync(signal);
            var sinceSignal = Stopwatch.StartNew();
            TimeSpan? dead = null;
            TimeSpan? resumed = null;
            var (served, failed) = (0, 0);
            await using var owner = NpgsqlDataSource.Create(bench.OwnerConnectionString);
            while (!await IsPurgeAuditedAsync(owner, doomed))
            {
                Require(sinceSignal.Elapsed < Patience, $"The purge was not finished within {Patience} of SIG{signal}.");
                dead ??= await IsDeclaredDeadAsync(owner, victim.Name) ? sinceSignal.Elapsed : null;
                resumed ??= survivor.Output.Contains(purging, StringComparison.Ordinal) ? sinceSignal.Elapsed : null;
                var ok = await survivor.TryGetAsync($"/v1/workspaces/{neighbour}/applications", cookie);
                (served, failed) = ok ? (served + 1, failed) : (served, failed + 1);
                await Task.Delay(100);
            }

            var finished = sinceSignal.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SIG{signal,-4} of the purging node: declared dead {Seconds(dead)}, purge resumed on the survivor {Seconds(resumed)}, finished {finished.TotalSeconds:F1} s; survivor requests meanwhile {served} served, {failed} failed"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

        }
    }

    private static string Seconds(TimeSpan? at) => at is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1} s") : "never seen";

    private static void Require(bool condition, string otherwise)
    {
        if (!condition)
        {
            throw new InvalidOperationException(otherwise);
        }
    }

    private static async Task<bool> IsDeclaredDeadAsync(NpgsqlDataSource owner, string siloName)
    {
        // Orleans' SiloStatus.Dead is 6.
        await using var query = owner.CreateCommand("SELECT 1 FROM OrleansMembershipTable WHERE SiloName = $1 AND Status = 6");
        query.Parameters.AddWithValue(siloName);
        return await query.ExecuteScalarAsync() is not null;
    }

    private static async Task<bool> IsPurgeAuditedAsync(NpgsqlDataSource owner, Guid workspace)
    {
        await using var query = owner.CreateCommand("SELECT 1 FROM audit.security_events WHERE workspace_id = $1 AND event_type = 1402");
        query.Parameters.AddWithValue(workspace);
        return await query.ExecuteScalarAsync() is not null;
    }

    /// <summary>One <c>Albumi.Web</c> process from this benchmark's output folder, and the requests the benchmark makes of it.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly NodeProcess _process;
        private readonly HttpClient _http;

        private Node(string name, NodeProcess process, string url)
        {
            Name = name;
            _process = process;
            _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        }

        public string Name { get; }

        public string Output => _process.Output;

        public static Node Start(int index, string connectionString, string keyFile)
        {
            var url = $"http://127.0.0.1:{NodeProcess.FreePort()}";
            var name = $"failover-{index}";
            var process = NodeProcess.Start("Albumi.Web", new Dictionary<string, string>
            {
                ["ConnectionStrings__Albumi"] = connectionString,
                ["ASPNETCORE_URLS"] = url,
                ["Orleans__Name"] = name,
                ["Albumi__Encryption__MasterKeyFile"] = keyFile,
                ["Albumi__Auth__LocalAccounts"] = "true",
                ["Albumi__Mfa__RequiredForOwners"] = "false",
                ["Albumi__Lifecycle__WorkspaceGracePeriod"] = "00:00:01",
                ["Albumi__Lifecycle__ReminderPeriod"] = "00:00:01",
                ["Albumi__Lifecycle__PurgeBatchSize"] = "100",
                ["Albumi__Lifecycle__PurgeBatchPause"] = "00:00:00.050",
            });
            return new Node(name, process, url);
        }

        public async Task WaitHealthyAsync(TimeSpan patience)
        {
            var since = Stopwatch.StartNew();
            while (!await TryGetAsync("/healthz", cookie: null))
            {
                Require(since.Elapsed < patience && !_process.HasExited, $"{Name} did not become healthy: {Output}");
                await Task.Delay(200);
            }
        }

        public async Task<string> SignUpAsync()
        {
            var (email, password) = ($"bench-{Guid.NewGuid():N}@example.test", "Bench-Password-" + Guid.NewGuid().ToString("N")[..12]);
            (await _http.PostAsJsonAsync("/auth/password/register", new { email, password, displayName = "Bench" })).EnsureSuccessStatusCode();
            var signIn = await _http.PostAsJsonAsync("/auth/password/signin", new { email, password });
            Require(signIn.StatusCode == HttpStatusCode.NoContent, $"Sign-in answered {signIn.StatusCode}.");
            return signIn.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        }

        public async Task<Guid> CreateWorkspaceAsync(string cookie, string name)
        {
            var created = await SendAsync(HttpMethod.Post, "/v1/workspaces", cookie, HttpStatusCode.Created, new { name });
            return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookie, HttpStatusCode expected, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Origin", _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
            var response = await _http.SendAsync(request);
            Require(response.StatusCode == expected, $"{method} {path} answered {response.StatusCode}, not {expected}.");
            return response;
        }

        public async Task<bool> TryGetAsync(string path, string? cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            try
            {
                using var response = await _http.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        public Task SignalAsync(string signal) => _process.SignalAsync(signal);

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            _http.Dispose();
        }
    }
}
