using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Albumi.Silo.Cluster;
using Albumi.Silo.Database;
using Albumi.Testing;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Npgsql;

namespace Albumi.Tests.Grains;

/// <summary>
/// Silo-to-silo TLS (<see cref="SiloTls"/>): web nodes on one database, the first with the cluster's certificate;
/// others try to join with it, with another certificate and with none. Joining means every active silo answered this
/// silo's pings over the silo port, so a silo that joins has talked TLS both ways and one that cannot is refused.
/// </summary>
public sealed class SiloTlsTests : IAsyncLifetime
{
    private const int Active = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("albumi-silo-tls-").FullName;
    private readonly List<AlbumiWebFactory> _nodes = [];
    private DatabaseSettings _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ASiloWithoutTheClusterCertificateCannotJoin()
    {
        var (cluster, clusterKey) = WritePem("cluster", SelfSigned("albumi-cluster"));
        var stranger = WritePkcs12("stranger", SelfSigned("albumi-cluster"));

        Start("tls-first", Tls(cluster, keyFile: clusterKey));
        await RefusedToJoinAsync("tls-none", []);
        await RefusedToJoinAsync("tls-other-certificate", Tls(stranger));
        Start("tls-second", Tls(cluster, keyFile: clusterKey));

        Assert.Equal(["tls-first", "tls-second"], await ActiveSilosAsync());
    }

    [Fact]
    public async Task WithAnAuthorityConfiguredSilosJoinWithCertificatesItIssuedAndNoOthers()
    {
        using var authority = Authority();
        var authorityFile = Path.Combine(_folder, "authority.cer");
        await File.WriteAllBytesAsync(authorityFile, authority.Export(X509ContentType.Cert));
        var first = WritePkcs12("first", IssuedBy(authority, "silo-first"));
        var second = WritePkcs12("second", IssuedBy(authority, "silo-second"));
        var selfIssued = WritePkcs12("self", SelfSigned("silo-self"));

        Start("ca-first", Tls(first, authorityFile));
        await RefusedToJoinAsync("ca-self-issued", Tls(selfIssued, authorityFile));
        Start("ca-second", Tls(second, authorityFile));

        Assert.Equal(["ca-first", "ca-second"], await ActiveSilosAsync());
    }

    private void Start(string name, Dictionary<string, string> settings)
    {
        settings["Orleans:Name"] = name;
        var node = new AlbumiWebFactory(_database.OwnerConnectionString, settings: settings);
        _nodes.Add(node);
        _ = node.Server;
    }

    /// <summary>
    /// A headless silo process that must fail to join: it ends by itself with exit code 1 and says why. (In-process,
    /// a silo whose start failed cannot be stopped and keeps retrying its connections for the rest of the run.)
    /// </summary>
    private async Task RefusedToJoinAsync(string name, Dictionary<string, string> settings)
    {
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ConnectionStrings__Albumi"] = _database.OwnerConnectionString;
        environment["Orleans__Name"] = name;
        environment["Orleans__Endpoints__SiloPort"] = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        environment["Orleans__Endpoints__GatewayPort"] = "0";

        // A joining silo retries its pings for this long before it gives up.
        environment["Orleans__Membership__MaxJoinAttemptTime"] = "00:00:04";
        await using var node = TestNode.Start("Albumi.Silo", environment);
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 1, $"The refused silo ended with exit code {exitCode}, not 1. It said: {node.Output}");
        Assert.Contains("could not join the cluster", node.Output, StringComparison.Ordinal);
    }

    private async Task<string[]> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT siloname FROM orleansmembershiptable WHERE status = $1 ORDER BY siloname", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Active });
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static Dictionary<string, string> Tls(string certificateFile, string? authorityFile = null, string? keyFile = null)
    {
        var settings = new Dictionary<string, string> { [$"{SiloTls.Section}:CertificateFile"] = certificateFile };
        if (authorityFile is not null)
        {
            settings[$"{SiloTls.Section}:AuthorityFile"] = authorityFile;
        }

        if (keyFile is not null)
        {
            settings[$"{SiloTls.Section}:KeyFile"] = keyFile;
        }

        return settings;
    }

    /// <summary>A certificate and its key as PEM files, as openssl writes them (the README's way).</summary>
    private (string Certificate, string Key) WritePem(string name, X509Certificate2 certificate)
    {
        var certificatePath = Path.Combine(_folder, name + ".crt");
        var keyPath = Path.Combine(_folder, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        certificate.Dispose();
        return (certificatePath, keyPath);
    }

    private string WritePkcs12(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        certificate.Dispose();
        return path;
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Authority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=albumi-cluster-authority", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 IssuedBy(X509Certificate2 authority, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
