using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Albumi.Silo.Cluster;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Npgsql;
using Orleans.Runtime.MembershipService;

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
        var cluster = WritePkcs12("cluster", SelfSigned("albumi-cluster"));
        var stranger = WritePkcs12("stranger", SelfSigned("albumi-cluster"));

        Start("tls-first", Tls(cluster));
        RefusedToJoin("tls-none", []);
        RefusedToJoin("tls-other-certificate", Tls(stranger));
        Start("tls-second", Tls(cluster));

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
        RefusedToJoin("ca-self-issued", Tls(selfIssued, authorityFile));
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

    private void RefusedToJoin(string name, Dictionary<string, string> settings)
    {
        settings["Orleans:Name"] = name;

        // A joining silo retries its pings for this long before it gives up.
        settings["Orleans:Membership:MaxJoinAttemptTime"] = "00:00:04";
        var node = new AlbumiWebFactory(_database.OwnerConnectionString, settings: settings);
        _nodes.Add(node);
        var refused = Assert.ThrowsAny<Exception>(() => node.Server);
        Assert.Contains(Chain(refused), e => e is OrleansClusterConnectivityCheckFailedException);
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

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private static Dictionary<string, string> Tls(string certificateFile, string? authorityFile = null)
    {
        var settings = new Dictionary<string, string> { [$"{SiloTls.Section}:CertificateFile"] = certificateFile };
        if (authorityFile is not null)
        {
            settings[$"{SiloTls.Section}:AuthorityFile"] = authorityFile;
        }

        return settings;
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
