using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Albumi.Grains;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Caching;
using Albumi.Grains.Sessions;
using Albumi.Silo.Database;
using Albumi.Testing;
using Albumi.Web;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Albumi.Bench;

/// <summary>
/// Two web nodes (two silos of one cluster) on an embedded PostgreSQL, in this process: grain calls, local and across
/// silos, against the same call to a plain object; memory per idle activation; and, with the load spread over both nodes
/// over loopback, an authenticated <c>GET /v1/me</c> (cookie, then API key) against the anonymous
/// <c>GET /auth/providers</c> of the same apps, alternating rounds.
/// </summary>
internal static class IdentityThroughput
{
    /// <summary>Only the grain-call figures (part of <see cref="RunAsync"/>), for quick runs.</summary>
    public static async Task RunGrainCallsAsync()
    {
        await using var bench = await BenchDatabase.StartAsync();
        var (nodeA, _) = await BenchWebNode.StartAsync(bench);
        var (nodeB, _) = await BenchWebNode.StartAsync(bench);
        await using (nodeA)
        await using (nodeB)
        {
            await GrainCalls.RunAsync(nodeA.Services.GetRequiredService<IGrainFactory>(), nodeB.Services.GetRequiredService<IGrainFactory>());
        }
    }

    public static async Task RunAsync(TimeSpan round, int rounds, int concurrency)
    {
        await using var bench = await BenchDatabase.StartAsync();
        var (nodeA, urlA) = await BenchWebNode.StartAsync(bench);
        var (nodeB, urlB) = await BenchWebNode.StartAsync(bench);
        await using (nodeA)
        await using (nodeB)
        {
            var grainsA = nodeA.Services.GetRequiredService<IGrainFactory>();
            await GrainCalls.RunAsync(grainsA, nodeB.Services.GetRequiredService<IGrainFactory>());

            using var http = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false };
            using var toA = new HttpClient(http, disposeHandler: false) { BaseAddress = new Uri(urlA) };
            using var toB = new HttpClient(http, disposeHandler: false) { BaseAddress = new Uri(urlB) };
            HttpClient[] nodes = [toA, toB];
            var (sessionCookie, secret) = await BenchWebNode.SignInAsync(toA);
            var apiKey = await CreateKeyAsync(toA, sessionCookie, urlA);

            var cookie = ("Cookie", sessionCookie);
            var list = $"/v1/workspaces/{await BenchWebNode.SeedApplicationsAsync(toA, sessionCookie)}/applications?limit=50";
            var bare = BareListEndpoint.Path.Replace("{ws:guid}", list.Split('/')[3], StringComparison.Ordinal);
            await CheckSameBodyAsync(toA, list, cookie, bare);

            var anonymous = new List<double>();
            var bySession = new List<double>();
            var byKey = new List<double>();
            var bareList = new List<double>();
            var listBySession = new List<double>();
            (string Path, (string, string)? Credential, List<double> Rates)[] figures =
            [
                ("/auth/providers", null, anonymous),
                ("/v1/me", cookie, bySession),
                ("/v1/me", ("Authorization", $"Bearer {apiKey}"), byKey),
                (bare, null, bareList),
                (list, cookie, listBySession),
            ];

            // Not counted: the JIT is still moving the hot code to its optimised tier during the first seconds.
            foreach (var (path, credential, _) in figures)
            {
                await LoadAsync(nodes, path, credential, TimeSpan.FromSeconds(5), concurrency);
            }

            // Many short rounds, the figures interleaved and their order turned each round, so a slow stretch of a shared
            // machine (another tenant, a GC, the database's own work after the list rounds) falls on every figure alike.
            for (var i = 0; i < rounds; i++)
            {
                for (var j = 0; j < figures.Length; j++)
                {
                    var (path, credential, rates) = figures[(i + j) % figures.Length];
                    rates.Add(await LoadAsync(nodes, path, credential, round, concurrency));
                }
            }

            static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

            // Each round's ratio against the baseline's rate in the same round, to show the spread behind the median.
            static string Spread(List<double> figure, List<double> baseline)
            {
                var ratios = figure.Zip(baseline, (f, b) => f / b).Order().ToList();
                return string.Create(CultureInfo.InvariantCulture, $"rounds: middle half {ratios[ratios.Count / 4]:F2}-{ratios[ratios.Count * 3 / 4]:F2}, all {ratios[0]:F2}-{ratios[^1]:F2}");
            }

            var (anon, session, key, bareRate, listRate) = (Median(anonymous), Median(bySession), Median(byKey), Median(bareList), Median(listBySession));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"anonymous GET /auth/providers (baseline)     {anon,10:F0} req/s  (two nodes, median of {rounds} rounds of {round.TotalSeconds}s, {concurrency} concurrent)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET /v1/me with a warm session               {session,10:F0} req/s  ratio {session / anon:F2} ({Spread(bySession, anonymous)})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET /v1/me with a warm API key               {key,10:F0} req/s  ratio {key / anon:F2} ({Spread(byKey, anonymous)}; vs session {key / session:F2})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bare list: same SELECT, same JSON (baseline) {bareRate,10:F0} req/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET {{ws}}/applications?limit=50, session     {listRate,10:F0} req/s  ratio {listRate / bareRate:F2} ({Spread(listBySession, bareList)})"));

            var anonymousBytes = await BytesPerRequestAsync(toA, "/auth/providers", null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"allocated per request, anonymous (baseline)  {anonymousBytes,10:F0} B  (whole process: client and server, sequential requests)"));
            foreach (var (what, path, credential) in new (string, string, (string, string)?)[]
            {
                ("GET /v1/me, session", "/v1/me", cookie),
                ("GET /v1/me, API key", "/v1/me", ("Authorization", $"Bearer {apiKey}")),
                ("bare list", bare, null),
                ("GET {ws}/applications?limit=50", list, cookie),
            })
            {
                var bytes = await BytesPerRequestAsync(toA, path, credential);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per request, {what,-21} {bytes,10:F0} B  (+{bytes - anonymousBytes:F0} B)"));
            }

            var cacheA = nodeA.Services.GetRequiredService<NodeCache>();
            await MeasureValidationAsync(nodeA.Services, secret);
            await MeasureKeyValidationAsync(grainsA, cacheA, apiKey);
            await nodeB.StopAsync();
            await nodeA.StopAsync();
        }
    }

    /// <summary>
    /// A warm session cookie's validation as the cookie handler makes it (unprotect the cookie, then the ticket store:
    /// hash, grain key, this node's copy), against the SHA-256 of the secret alone; and the unprotect step on its own.
    /// </summary>
    private static async Task MeasureValidationAsync(IServiceProvider node, string cookie)
    {
        var format = node.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(SessionCookieAuthentication.SchemeName).TicketDataFormat;
        var store = node.GetRequiredService<SessionTicketStore>();
        var secret = format.Unprotect(cookie)!.Principal.Claims.Single().Value;

        async Task ValidateAsync()
        {
            var key = format.Unprotect(cookie)!.Principal.Claims.Single().Value;
            if (await store.RetrieveAsync(key) is null)
            {
                throw new InvalidOperationException("The benchmark session is not valid.");
            }
        }

        await CompareAsync("session", () => SessionToken.TryHash(secret, out _), ValidateAsync);
        await CompareAsync("session", () => SessionToken.TryHash(secret, out _), () => Task.FromResult(format.Unprotect(cookie)), "cookie unprotect alone");
    }

    /// <summary>A warm API key's validation as the handler makes it (this node's copy), against the key's SHA-256.</summary>
    private static async Task MeasureKeyValidationAsync(IGrainFactory grains, NodeCache cache, string key)
    {
        async Task ValidateAsync()
        {
            var grainKey = ApiKeyFormat.GrainKeyOf(key);
            if (!ApiKeyFormat.IsWellFormed(key)
                || (await cache.GetOrFetchAsync(CacheKeys.ApiKey(grainKey), (grains, grainKey), static s => s.grains.GetGrain<IApiKeyGrain>(s.grainKey).ValidateAsync(), static _ => DateTimeOffset.MaxValue)).Status != ApiKeyStatus.Valid)
            {
                throw new InvalidOperationException("The benchmark key is not valid.");
            }
        }

        await CompareAsync("API key", () => ApiKeyFormat.Hash(key), ValidateAsync);
    }

    private static async Task CompareAsync(string what, Func<object> baseline, Func<Task> validate, string step = "validation, warm, from its node")
    {
        const int iterations = 100_000;
        for (var i = 0; i < 10_000; i++)
        {
            baseline();
            await validate();
        }

        var hashing = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            baseline();
        }

        var hashNs = hashing.Elapsed.TotalNanoseconds / iterations;
        var validation = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            await validate();
        }

        var validateNs = validation.Elapsed.TotalNanoseconds / iterations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SHA-256 of the {what} (baseline)             {hashNs,10:F0} ns"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what + " " + step,-44} {validateNs,10:F0} ns  ratio {validateNs / hashNs:F1}"));
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, string sessionCookie, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/me/api-keys") { Content = JsonContent.Create(new { name = "bench", expiresIn = "30d" }) };
        request.Headers.Add("Cookie", sessionCookie);
        request.Headers.Add("Origin", origin);
        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
    }

    private static async Task CheckSameBodyAsync(HttpClient http, string list, (string Name, string Value) cookie, string bare)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, list);
        request.Headers.Add(cookie.Name, cookie.Value);
        var product = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        var baseline = await http.GetStringAsync(bare);
        if (product != baseline)
        {
            throw new InvalidOperationException($"The bare list does not answer what the product does:{Environment.NewLine}{product}{Environment.NewLine}{baseline}");
        }
    }

    /// <summary>Bytes the whole process allocates per request, over sequential requests to one node.</summary>
    private static async Task<double> BytesPerRequestAsync(HttpClient http, string path, (string Name, string Value)? credential)
    {
        const int requests = 2_000;
        async Task SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (credential is { } header)
            {
                request.Headers.Add(header.Name, header.Value);
            }

            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
        }

        for (var i = 0; i < 200; i++)
        {
            await SendAsync();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < requests; i++)
        {
            await SendAsync();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)requests;
    }

    /// <summary>Requests per second with <paramref name="concurrency"/> workers, each sticking to one node, half on each.</summary>
    private static async Task<double> LoadAsync(HttpClient[] nodes, string path, (string Name, string Value)? credential, TimeSpan duration, int concurrency)
    {
        var stop = Stopwatch.StartNew();
        long completed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var http = nodes[worker % nodes.Length];
            while (stop.Elapsed < duration)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (credential is { } header)
                {
                    request.Headers.Add(header.Name, header.Value);
                }

                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path} answered {response.StatusCode}");
                }

                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        return completed / stop.Elapsed.TotalSeconds;
    }
}
