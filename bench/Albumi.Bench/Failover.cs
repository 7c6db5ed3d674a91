using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Albumi.Testing;
using Npgsql;

namespace Albumi.Bench;

/// <summary>
/// Three web nodes as processes on an embedded PostgreSQL, under a steady load (about 60 requests/s, spread round-robin
/// over the nodes still up; each request gives up after 5 s, as a client or load balancer would). Three faults, each on a
/// fresh cluster: one node frozen (SIGSTOP) while all three are up; one killed (SIGKILL) while all three are up; one
/// frozen after another was killed (and declared dead). Reported from the signal: when the membership table marks the
/// node dead, the fault-to-resume time (from the signal to the first moment after which every request to the nodes still
/// up succeeds) and the requests to those nodes that failed; after a freeze, the node is thawed (SIGCONT) and the report
/// says whether it exits (its silo was declared dead) and with which code. A failed request either got an error answer
/// (503) or none within the client's 5 s. Each scenario runs with Albumi's defaults (<c>OrleansDefaults</c>), then as a
/// baseline with Orleans' own 30 s grain-call timeout; pass e.g. <c>Orleans__Membership__ProbeTimeout=00:00:01</c> in
/// the environment to try other settings for both.
/// </summary>
internal static class Failover
{
    private const int NodeCount = 3;
    private const int Tenants = 12;
    private static readonly TimeSpan RequestInterval = TimeSpan.FromMilliseconds(1000.0 / 60);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Warm = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ThawPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The configurations compared: Albumi's defaults, and Orleans' default grain-call timeout as the baseline.</summary>
    private static readonly (string Name, Dictionary<string, string> Settings)[] Configurations =
    [
        ("defaults", []),
        ("baseline, 30 s grain-call timeout", new() { ["Orleans__Messaging__ResponseTimeout"] = "00:00:30" }),
    ];

    public static async Task RunAsync()
    {
        foreach (var (name, settings) in Configurations)
        {
            await RunScenarioAsync($"[{name}] SIGSTOP one of three", killFirst: false, "STOP", settings);
            await RunScenarioAsync($"[{name}] SIGKILL one of three", killFirst: false, "KILL", settings);
            await RunScenarioAsync($"[{name}] SIGSTOP one of two (after a SIGKILL)", killFirst: true, "STOP", settings);
        }
    }

    private static async Task RunScenarioAsync(string title, bool killFirst, string signal, Dictionary<string, string> settings)
    {
        await using var bench = await BenchDatabase.StartAsync();
        await using var owner = NpgsqlDataSource.Create(bench.OwnerConnectionString);
        var nodes = new List<Node>();
        try
        {
            for (var i = 0; i < NodeCount; i++)
            {
                nodes.Add(Node.Start(i, bench.OwnerConnectionString, bench.MasterKeyFile, settings));
                await nodes[i].WaitHealthyAsync(Patience);
            }

            // Tenants made on every node, so their grains live on every silo.
            var tenants = new List<(string Cookie, Guid Workspace)>();
            for (var i = 0; i < Tenants; i++)
            {
                var node = nodes[i % NodeCount];
                var cookie = await node.SignUpAsync();
                tenants.Add((cookie, await node.CreateWorkspaceAsync(cookie, $"Tenant {i}")));
            }

            await using var load = Load.Start(nodes, tenants);
            await Task.Delay(Warm);
            if (killFirst)
            {
                var killed = nodes[2];
                var kill = await FaultAsync(load, owner, killed, "KILL", watchFor: Watched);
                Console.WriteLine($"{title}: first {kill}");
            }

            var victim = nodes[1];
            var fault = await FaultAsync(load, owner, victim, signal, watchFor: Watched);
            var thaw = signal == "STOP" ? "; " + await ThawAsync(victim) : "";
            Console.WriteLine($"{title}: {fault}{thaw}");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
                node.KeepLog(title);
            }
        }
    }

    /// <summary>Signals <paramref name="victim"/>, takes it out of the load, and watches the others for a while.</summary>
    private static async Task<string> FaultAsync(Load load, NpgsqlDataSource owner, Node victim, string signal, TimeSpan watchFor)
    {
        await victim.SignalAsync(signal);
        var at = load.Elapsed;
        load.Exclude(victim);
        TimeSpan? dead = null;
        while (load.Elapsed - at < watchFor)
        {
            dead ??= await IsDeclaredDeadAsync(owner, victim.Name) ? load.Elapsed - at : null;
            await Task.Delay(100);
        }

        // Requests still in flight at the end have had their 5 s.
        await Task.Delay(ClientTimeout);
        var (resumed, answered, unanswered, served) = load.Since(at, at + watchFor);
        var failed = answered.Values.Sum() + unanswered;
        var errors = answered.Count == 0 ? "none" : string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Value} × {a.Key}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"SIG{signal} of {victim.Name}: declared dead {Seconds(dead)}, {(signal == "KILL" ? "kill" : "freeze")}-to-resume {Seconds(resumed)} ({failed} of {failed + served} requests to the nodes still up failed: answered {errors}; {unanswered} unanswered within {ClientTimeout.TotalSeconds:F0} s)");
    }

    /// <summary>Thaws a frozen node and waits for it to leave, as a node whose silo was declared dead should.</summary>
    private static async Task<string> ThawAsync(Node victim)
    {
        await victim.SignalAsync("CONT");
        var since = Stopwatch.StartNew();
        try
        {
            var code = await victim.WaitForExitAsync(ThawPatience);
            return string.Create(CultureInfo.InvariantCulture, $"after SIGCONT it exited with code {code} in {since.Elapsed.TotalSeconds:F1} s");
        }
        catch (OperationCanceledException)
        {
            var health = await victim.HealthStatusAsync();
            return string.Create(CultureInfo.InvariantCulture, $"after SIGCONT it was still running {ThawPatience.TotalSeconds:F0} s later (/healthz {health})");
        }
    }

    private static string Seconds(TimeSpan? at) => at is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1} s") : "never";

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

    /// <summary>About 60 requests/s, round-robin over the nodes not excluded, each a tenant's catalogue page; every outcome kept.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly List<(string Cookie, Guid Workspace)> _tenants;
        private readonly ConcurrentBag<Outcome> _outcomes = [];
        private readonly ConcurrentBag<Task> _requests = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Task _loop;
        private volatile Node[] _up;

        private Load(List<Node> nodes, List<(string Cookie, Guid Workspace)> tenants)
        {
            _tenants = tenants;
            _up = [.. nodes];
            _loop = Task.Run(RunAsync);
        }

        public TimeSpan Elapsed => _clock.Elapsed;

        public static Load Start(List<Node> nodes, List<(string Cookie, Guid Workspace)> tenants) => new(nodes, tenants);

        public void Exclude(Node node) => _up = [.. _up.Where(n => n != node)];

        /// <summary>
        /// Of the requests started in [from, to): the time from <paramref name="from"/> to the first moment after which all of
        /// them succeeded (zero when none failed, null when failures went on to the end), how many failed with an answer,
        /// how many got none in time, and how many succeeded.
        /// </summary>
        public (TimeSpan? Resumed, IReadOnlyDictionary<int, int> Answered, int Unanswered, int Served) Since(TimeSpan from, TimeSpan to)
        {
            var window = _outcomes.Where(o => o.Started >= from && o.Started < to).OrderBy(o => o.Started).ToList();
            var lastFailure = window.LastOrDefault(o => !o.Ok);
            TimeSpan? resumed = lastFailure is null
                ? TimeSpan.Zero
                : window.FirstOrDefault(o => o.Ok && o.Started > lastFailure.Started) is { } next ? next.Started - from : null;
            var answered = window.Where(o => o is { Ok: false, Status: not null }).GroupBy(o => o.Status!.Value).ToDictionary(g => g.Key, g => g.Count());
            return (resumed, answered, window.Count(o => o.Status is null), window.Count(o => o.Ok));
        }

        private async Task RunAsync()
        {
            var next = 0L;
            var due = _clock.Elapsed;
            while (!_stop.IsCancellationRequested)
            {
                var up = _up;
                var node = up[(int)(next % up.Length)];
                var tenant = _tenants[(int)(next % _tenants.Count)];
                next++;
                _requests.Add(RequestAsync(node, tenant));
                due += RequestInterval;
                var wait = due - _clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
        }

        private async Task RequestAsync(Node node, (string Cookie, Guid Workspace) tenant)
        {
            var started = _clock.Elapsed;
            var status = await node.TryGetAsync($"/v1/workspaces/{tenant.Workspace}/applications", tenant.Cookie, ClientTimeout);
            _outcomes.Add(new Outcome(started, status));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            await Task.WhenAll(_requests);
            _stop.Dispose();
        }

        /// <summary>A request's start and its answer's status (null: no answer within the client's timeout, or no connection).</summary>
        private sealed record Outcome(TimeSpan Started, int? Status)
        {
            public bool Ok => Status == 200;
        }
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
            _http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        }

        public string Name { get; }

        public static Node Start(int index, string connectionString, string keyFile, Dictionary<string, string> settings)
        {
            var url = $"http://127.0.0.1:{NodeProcess.FreePort()}";
            var name = $"failover-{index}";
            var process = NodeProcess.Start("Albumi.Web", new Dictionary<string, string>(settings)
            {
                ["ConnectionStrings__Albumi"] = connectionString,
                ["ASPNETCORE_URLS"] = url,
                ["Orleans__Name"] = name,
                ["Albumi__Encryption__MasterKeyFile"] = keyFile,
                ["Albumi__Auth__LocalAccounts"] = "true",
                ["Albumi__Mfa__RequiredForOwners"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            });
            return new Node(name, process, url);
        }

        public async Task WaitHealthyAsync(TimeSpan patience)
        {
            var since = Stopwatch.StartNew();
            while (!await NodeHealth.IsHealthyAsync(_http))
            {
                Require(since.Elapsed < patience && !_process.HasExited, $"{Name} did not become healthy: {_process.Output}");
                await Task.Delay(200);
            }
        }

        public async Task<string> HealthStatusAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(ClientTimeout);
                return ((int)(await _http.GetAsync(new Uri("/healthz", UriKind.Relative), timeout.Token)).StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return "unanswered";
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
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workspaces") { Content = JsonContent.Create(new { name }) };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Origin", _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
            using var created = await _http.SendAsync(request);
            Require(created.StatusCode == HttpStatusCode.Created, $"Creating a workspace answered {created.StatusCode}.");
            return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        }

        /// <summary>The answer's status; null when no answer came in time or the connection failed.</summary>
        public async Task<int?> TryGetAsync(string path, string cookie, TimeSpan timeout)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                using var response = await _http.SendAsync(request, cancel.Token);
                return (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return null;
            }
        }

        public Task SignalAsync(string signal) => _process.SignalAsync(signal);

        /// <summary>The node's output (warnings and errors), kept under <c>artifacts/bench/failover</c> to see why requests failed.</summary>
        public void KeepLog(string scenario)
        {
            var folder = Path.Combine("artifacts", "bench", "failover");
            Directory.CreateDirectory(folder);
            var file = string.Concat(scenario.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + "." + Name + ".log";
            File.WriteAllText(Path.Combine(folder, file), _process.Output);
        }

        public Task<int> WaitForExitAsync(TimeSpan within) => _process.WaitForExitAsync(within);

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            _http.Dispose();
        }
    }
}
