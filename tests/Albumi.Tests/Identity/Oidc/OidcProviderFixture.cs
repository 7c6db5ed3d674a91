using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Albumi.Tests.Identity.Oidc;

/// <summary>
/// A real OpenID Connect provider (oauth2-mock-server from npm, see tests/node) started on loopback for the
/// test class. Its packages are installed from the committed lock file on first use.
/// </summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _secretFiles = [];
    private Process? _process;

    public string Issuer { get; private set; } = "";

    public Uri Control { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "node");
        await InstallAsync(folder);
        var startInfo = new ProcessStartInfo("node", "provider.mjs")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(startInfo)!;
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The OIDC provider exited: " + await _process.StandardError.ReadToEndAsync());
        var endpoints = JsonDocument.Parse(line).RootElement;
        Issuer = endpoints.GetProperty("issuer").GetString()!;
        Control = new Uri(endpoints.GetProperty("control").GetString()!);
    }

    /// <summary>The settings that configure this provider on a node, under the name <paramref name="provider"/>.</summary>
    public Dictionary<string, string> NodeSettings(string provider)
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"albumi-oidc-secret-{Guid.NewGuid():N}");
        File.WriteAllText(secretFile, "test-client-secret\n");
        _secretFiles.Add(secretFile);
        return new Dictionary<string, string>
        {
            [$"Albumi:Auth:Providers:{provider}:Authority"] = Issuer,
            [$"Albumi:Auth:Providers:{provider}:ClientId"] = "albumi-tests",
            [$"Albumi:Auth:Providers:{provider}:ClientSecretFile"] = secretFile,
            [$"Albumi:Auth:Providers:{provider}:DisplayName"] = "Test IdP",
            [$"Albumi:Auth:Providers:{provider}:RequireHttpsMetadata"] = "false",
        };
    }

    /// <summary>Shapes the id_token the provider issues next.</summary>
    public async Task NextAsync(string subject, string? email, bool emailVerified, string mode = "normal", string? name = null)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(new Uri(Control, "/next"), new { sub = subject, email, email_verified = emailVerified, mode, name });
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }

        _process?.Dispose();
        foreach (var file in _secretFiles)
        {
            File.Delete(file);
        }

        await Task.CompletedTask;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Albumi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Albumi.sln not found above " + AppContext.BaseDirectory);
    }

    internal static async Task InstallAsync(string folder)
    {
        await InstallLock.WaitAsync();
        try
        {
            // Installed already when every dependency the package file names is there (a new one triggers npm ci).
            using var package = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "package.json")));
            if (package.RootElement.GetProperty("dependencies").EnumerateObject().All(d => Directory.Exists(Path.Combine(folder, "node_modules", d.Name))))
            {
                return;
            }

            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var error = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException("npm ci failed for the test OIDC provider: " + await error);
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
