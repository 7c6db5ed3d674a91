using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Testing;
using Albumi.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Albumi.Bench;

/// <summary>A web node of the benchmarks (its silo on ports of its own, in this process) and what its figures need first: a signed-in account, a workspace with applications.</summary>
internal static class BenchWebNode
{
    /// <summary>A web node with its silo on ports of its own.</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(BenchDatabase bench)
    {
        var url = $"http://127.0.0.1:{NodeProcess.FreePort()}";
        var builder = WebApplication.CreateBuilder(["--urls", url]);
        builder.Configuration["ConnectionStrings:Albumi"] = bench.OwnerConnectionString;
        builder.Configuration["Albumi:Encryption:MasterKeyFile"] = bench.MasterKeyFile;
        builder.Configuration["Orleans:Endpoints:SiloPort"] = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Orleans:Endpoints:GatewayPort"] = "0";
        builder.Configuration["Orleans:Name"] = "bench-" + Guid.NewGuid().ToString("N")[..6];
        builder.Configuration["Albumi:Auth:LocalAccounts"] = "true";
        builder.Configuration["Albumi:ApiKeys:RequestsPerMinute"] = "1000000000"; // the limiter still runs; it just never refuses
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Albumi:Mfa:RequiredForOwners"] = "false";
        builder.AddAlbumiWeb();
        // The pages are found in the entry assembly's application parts, which a web project's build lists; this is a console project.
        builder.Services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            var web = typeof(AlbumiWebApplication).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == web))
            {
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(web).GetApplicationParts(web))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        var app = builder.Build();
        app.UseAlbumiWeb();
        BareListEndpoint.Map(app);
        await app.StartAsync();
        return (app, url);
    }

    /// <summary>Signs a new account in; the session cookie as a <c>Cookie</c> header sends it (its name is <c>__Host-</c>-prefixed by default), and its value.</summary>
    public static async Task<(string Cookie, string Value)> SignInAsync(HttpClient http)
    {
        var (email, password) = ($"bench-{Guid.NewGuid():N}@example.test", "Bench-Password-" + Guid.NewGuid().ToString("N")[..12]);
        (await http.PostAsJsonAsync("/auth/password/register", new { email, password, displayName = "Bench" })).EnsureSuccessStatusCode();
        var signIn = await http.PostAsJsonAsync("/auth/password/signin", new { email, password });
        if (signIn.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"Sign-in failed: {signIn.StatusCode}");
        }

        var cookie = signIn.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        return (cookie, cookie.Split('=', 2)[1]);
    }

    /// <summary>POSTs <paramref name="body"/> as the signed-in account (its cookie, and the same-origin <c>Origin</c> a browser sends); the answer, or an exception naming the refusal.</summary>
    public static async Task<JsonElement> PostAsync(HttpClient http, string sessionCookie, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Cookie", sessionCookie);
        request.Headers.Add("Origin", http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<JsonElement>()
            : throw new InvalidOperationException($"POST {path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A workspace of the signed-in account with 60 applications: its id.</summary>
    public static async Task<string> SeedApplicationsAsync(HttpClient http, string sessionCookie)
    {
        var ws = (await PostAsync(http, sessionCookie, "/v1/workspaces", new { name = "Bench" })).GetProperty("id").GetString()!;
        for (var i = 0; i < 60; i++)
        {
            await PostAsync(http, sessionCookie, $"/v1/workspaces/{ws}/applications", new { name = $"Application {i:D2}", description = "A benchmark application", gdprRelevant = i % 2 == 0 });
        }

        return ws;
    }
}
