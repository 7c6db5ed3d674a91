using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Albumi.Silo.Cluster;

/// <summary>
/// Mutual TLS between silos (section <c>Albumi:Cluster:Tls</c>). Once a certificate is configured every connection
/// in and out of the silo is TLS and the other end must present a certificate this silo accepts: the same
/// certificate as its own, or, when an authority is configured, one that chains to it. A silo without it cannot
/// join, and nothing falls back to plain text.
/// </summary>
/// <param name="Certificate">This silo's certificate, with its private key.</param>
/// <param name="Authority">The certificate authority that issues the cluster's certificates; null pins peers to <paramref name="Certificate"/>.</param>
public sealed record SiloTls(X509Certificate2 Certificate, X509Certificate2? Authority)
{
    public const string Section = "Albumi:Cluster:Tls";

    /// <summary>The configured TLS, or null when no certificate is configured (then silos talk plain TCP).</summary>
    /// <exception cref="InvalidOperationException">The configuration names files that cannot be used.</exception>
    public static SiloTls? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var certificateFile = section["CertificateFile"];
        if (string.IsNullOrWhiteSpace(certificateFile))
        {
            return null;
        }

        var keyFile = section["KeyFile"];
        var passwordFile = section["PasswordFile"];
        var authorityFile = section["AuthorityFile"];
        try
        {
            var certificate = string.IsNullOrWhiteSpace(keyFile)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificateFile, string.IsNullOrWhiteSpace(passwordFile) ? null : File.ReadAllText(passwordFile).TrimEnd('\r', '\n'))
                : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{Section}:CertificateFile ({certificateFile}) holds no private key: a silo needs its own key to prove who it is.");
            }

            var authority = string.IsNullOrWhiteSpace(authorityFile) ? null : X509CertificateLoader.LoadCertificateFromFile(authorityFile);
            return new SiloTls(certificate, authority);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"The silo TLS files in {Section} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Puts TLS on the silo's connections: inbound from silos and clients, outbound to silos.</summary>
    public void Apply(SiloConnectionOptions connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var options = new TlsOptions
        {
            LocalCertificate = Certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = (certificate, _, _) => Accepts(certificate),
        };
        connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(options));
        connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(options));
        connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(options));
    }

    /// <summary>
    /// Whether a peer's certificate is one of the cluster's. The platform's verdict (names, system trust) does not
    /// apply: silos are addressed by IP and the cluster's certificates are its own, not the public web's.
    /// </summary>
    public bool Accepts(X509Certificate2 peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var now = DateTime.Now;
        if (now < peer.NotBefore || now > peer.NotAfter)
        {
            return false;
        }

        if (Authority is null)
        {
            return CryptographicOperations.FixedTimeEquals(peer.GetCertHash(HashAlgorithmName.SHA256), Certificate.GetCertHash(HashAlgorithmName.SHA256));
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(peer);
    }
}
