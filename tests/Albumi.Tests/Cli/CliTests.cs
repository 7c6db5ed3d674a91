using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Testing;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Cli;

/// <summary>The <c>albumi</c> CLI run as a process against a live web node (also a process), as a customer's script would.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliTests : IAsyncLifetime
{
    private NodeProcess _node = null!;
    private HttpClient _http = null!;
    private string _home = null!;
    private string _key = null!;
    private string _cookie = null!;
    private string _email = null!;
    private Guid _workspace;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var port = NodeProcess.FreePort();
        _node = TestNode.Start("Albumi.Web", new Dictionary<string, string>
        {
            ["ConnectionStrings__Albumi"] = database.OwnerConnectionString,
            ["Albumi__Auth__LocalAccounts"] = "true",

            // MFA for owners is tested on its own (MfaEnforcementTests); here the owner works with the workspace at once.
            ["Albumi__Mfa__RequiredForOwners"] = "false",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        });
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.TrueAsync(() => NodeHealth.IsHealthyAsync(_http), TimeSpan.FromSeconds(60), "the node started: " + _node.Output);

        _email = $"cli-{Guid.NewGuid():N}@example.test";
        var password = "Cli-Password-" + Guid.NewGuid().ToString("N")[..10];
        (await _http.PostAsJsonAsync("/auth/password/register", new { email = _email, password, displayName = "CLI User" })).EnsureSuccessStatusCode();
        var signIn = await _http.PostAsJsonAsync("/auth/password/signin", new { email = _email, password });
        _cookie = signIn.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        _workspace = (await SendAsync(_cookie, "/v1/workspaces", new { name = "CLI Workspace" })).GetProperty("id").GetGuid();
        _key = (await SendAsync(_cookie, "/v1/me/api-keys", new { name = "cli", expiresIn = "30d" })).GetProperty("key").GetString()!;
        _home = Path.Combine(Path.GetTempPath(), "albumi-cli-home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_home);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.TerminateAsync(TimeSpan.FromSeconds(30));
        await _node.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task LoginStoresTheKeyOwnerOnlyAndTheCommandsUseIt()
    {
        var login = await RunAsync(["login", "--url", _http.BaseAddress!.ToString()], stdin: _key + "\n");
        Assert.Equal(0, login.ExitCode);

        var config = Path.Combine(_home, ".config", "albumi", "config.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Contains(_key, await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        var whoami = await RunAsync(["whoami"]);
        Assert.Equal(0, whoami.ExitCode);
        Assert.StartsWith(_email + " (CLI User)", whoami.Stdout, StringComparison.Ordinal);

        var table = await RunAsync(["workspaces", "list"]);
        Assert.Contains("CLI Workspace", table.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("ID", table.Stdout, StringComparison.Ordinal);
        var listed = JsonDocument.Parse((await RunAsync(["workspaces", "list", "--json"])).Stdout).RootElement;
        Assert.Equal(_workspace, listed[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task KeysAreListedAndRevokedFromTheCommandLineButNeverCreatedByAKey()
    {
        var env = new Dictionary<string, string> { ["ALBUMI_URL"] = _http.BaseAddress!.ToString(), ["ALBUMI_API_KEY"] = _key };

        // A key cannot mint keys (the API answers 403 session-required): the CLI has no such command.
        var mint = await RunAsync(["keys", "create", "--name", "nightly"], env: env);
        Assert.Equal(2, mint.ExitCode);
        using var byKey = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/me/api-keys", UriKind.Relative)) { Content = JsonContent.Create(new { name = "nightly", expiresIn = "never" }) };
        byKey.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _key);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(byKey)).StatusCode);

        var created = await SendAsync(_cookie, "/v1/me/api-keys", new { name = "nightly", expiresIn = "never", scopes = new[] { "read" } });
        var newKey = created.GetProperty("key").GetString()!;
        Assert.Matches("^alb_[0-9a-f]{60}$", newKey);
        var list = await RunAsync(["keys", "list"], env: env);
        Assert.Contains("nightly", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(newKey[4..], list.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(["keys", "revoke", created.GetProperty("id").GetString()!], env: env)).ExitCode);

        var refused = await RunAsync(["whoami"], env: new Dictionary<string, string> { ["ALBUMI_URL"] = _http.BaseAddress!.ToString(), ["ALBUMI_API_KEY"] = newKey });
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("revoked", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task UsageErrorsExitTwoAndFailuresExitOneInOneLine()
    {
        var usage = await RunAsync(["keys", "revoke"]);
        var unknown = await RunAsync(["frobnicate"]);
        var badKey = await RunAsync(["whoami"], env: new Dictionary<string, string> { ["ALBUMI_URL"] = _http.BaseAddress!.ToString(), ["ALBUMI_API_KEY"] = "alb_nope" });

        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(1, badKey.ExitCode);
        Assert.All(new[] { usage, unknown, badKey }, r => Assert.Single(r.Stderr.Trim().Split('\n')));
        Assert.DoesNotContain("   at ", usage.Stderr + unknown.Stderr + badKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkspaceExportedAndImportedFromTheCommandLineComesBackWhole()
    {
        var env = new Dictionary<string, string> { ["ALBUMI_URL"] = _http.BaseAddress!.ToString(), ["ALBUMI_API_KEY"] = _key };
        foreach (var name in new[] { "Shop", "ERP" })
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/workspaces/{_workspace}/applications", UriKind.Relative)) { Content = JsonContent.Create(new { name }) };
            create.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _key);
            Assert.Equal(HttpStatusCode.Created, (await _http.SendAsync(create)).StatusCode);
        }

        var file = Path.Combine(_home, "acme.json");
        var export = await RunAsync(["export", "--workspace", _workspace.ToString(), "--out", file], env: env);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("exported", export.Stderr, StringComparison.Ordinal);
        Assert.True(new FileInfo(file).Length > 0, $"empty export; stdout: {export.Stdout}; stderr: {export.Stderr}");
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal("albumi.workspace-export", document.GetProperty("format").GetString());
        Assert.False(File.Exists(file + ".partial"));

        var import = await RunAsync(["import", file, "--json"], env: env);
        Assert.True(import.ExitCode == 0, import.Stderr);
        var imported = JsonDocument.Parse(import.Stdout).RootElement;
        Assert.Equal(2, imported.GetProperty("entities").GetInt32());
        var copy = imported.GetProperty("workspace").GetProperty("id").GetGuid();
        Assert.NotEqual(_workspace, copy);
        Assert.Equal(["ERP", "Shop"], (await ApplicationNamesAsync(copy)).Order());

        var human = await RunAsync(["import", file], env: env);
        Assert.StartsWith("Imported workspace CLI Workspace (", human.Stdout, StringComparison.Ordinal);

        var memberTable = await RunAsync(["members", "list", "-w", copy.ToString()], env: env);
        Assert.StartsWith("ACCOUNT", memberTable.Stdout, StringComparison.Ordinal);
        Assert.Contains(_email, memberTable.Stdout, StringComparison.Ordinal);

        var since = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var events = await RunAsync(["audit", "-w", _workspace.ToString(), "--from", since, "--outcome", "success", "--json"], env: env);
        Assert.True(events.ExitCode == 0, events.Stderr);
        Assert.All(JsonDocument.Parse(events.Stdout).RootElement.EnumerateArray(), e => Assert.Equal("success", e.GetProperty("event").GetProperty("outcome").GetString()));
        var refused = await RunAsync(["audit", "-w", _workspace.ToString(), "--outcome", "maybe"], env: env);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--outcome must be one of success, failure, blocked", refused.Stderr, StringComparison.Ordinal);
        var missing = await RunAsync(["import", Path.Combine(_home, "nothing.json")], env: env);
        Assert.Equal(1, missing.ExitCode);
    }

    private async Task<List<string>> ApplicationNamesAsync(Guid workspace)
    {
        using var list = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/workspaces/{workspace}/applications", UriKind.Relative));
        list.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _key);
        var page = JsonDocument.Parse(await (await _http.SendAsync(list)).Content.ReadAsStringAsync()).RootElement;
        return [.. page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
    }

    private async Task<JsonElement> SendAsync(string cookie, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", _http.BaseAddress!.ToString().TrimEnd('/'));
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, string? stdin = null, Dictionary<string, string>? env = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "albumi.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["HOME"] = _home;
        startInfo.Environment.Remove("XDG_CONFIG_HOME");
        startInfo.Environment.Remove("ALBUMI_URL");
        startInfo.Environment.Remove("ALBUMI_API_KEY");
        foreach (var (key, value) in env ?? [])
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
