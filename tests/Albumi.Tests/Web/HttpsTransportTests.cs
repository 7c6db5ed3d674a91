using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Albumi.Tests.Web;

/// <summary>A node serving real TLS on a loopback socket (a certificate made for the test) next to a plain HTTP listener.</summary>
public sealed class HttpsTransportTests
{
    [Fact]
    public async Task OverHttpsResponsesCarryHstsAndTheSessionCookieIsSecureHostOnlyAndPlainHttpGetsNoHsts()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        using var certificate = LoopbackCertificate();
        await using var node = new AlbumiWebFactory(database.OwnerConnectionString);
        var (httpsPort, httpPort) = (NodeProcess.FreePort(), NodeProcess.FreePort());
        node.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, httpsPort, listen => listen.UseHttps(certificate));
            kestrel.Listen(IPAddress.Loopback, httpPort);
        });
        node.StartServer();
        using var handler = new HttpClientHandler
        {
            UseCookies = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}") };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        var page = await https.GetAsync(new Uri("/signin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        var (email, password) = (AccountClient.NewEmail(), AccountClient.StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(https, httpsPort, "/auth/password/register", new { email, password, displayName = "Tls User" })).StatusCode);
        var signedIn = await PostAsync(https, httpsPort, "/auth/password/signin", new { email, password });
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(signedIn.Headers.GetValues("Strict-Transport-Security")));
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-albumi_session=", StringComparison.Ordinal));
        foreach (var flag in new[] { "secure", "httponly", "samesite=lax", "path=/" })
        {
            Assert.Contains(flag, cookie, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);

        var plain = await http.GetAsync(new Uri("/signin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP is ignored by browsers and must not be sent");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, int port, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Origin", $"https://127.0.0.1:{port}");
        return await client.SendAsync(request);
    }

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Kestrel needs the private key in a form the platform's TLS can use: a PKCS#12 round trip gives that.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
