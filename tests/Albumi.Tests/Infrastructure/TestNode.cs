using Albumi.Testing;

namespace Albumi.Tests.Infrastructure;

/// <summary>A node process as the tests run them: the Test environment, the tests' master key and plain-HTTP cookies, then the test's own settings.</summary>
public static class TestNode
{
    public static NodeProcess Start(string assembly, IDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        var withDefaults = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Test",
            ["ASPNETCORE_ENVIRONMENT"] = "Test",
            ["Albumi__Encryption__MasterKeyFile"] = TestPostgres.MasterKeyFile,

            // As AlbumiWebFactory: the tests' HttpClients talk plain HTTP and send no Secure cookie back (the default,
            // Secure and __Host-, is held by ForwardedHeadersTests and the browser tests).
            ["Albumi__Http__AllowInsecureCookies"] = "true",
        };
        foreach (var (key, value) in environment)
        {
            withDefaults[key] = value;
        }

        return NodeProcess.Start(assembly, withDefaults, arguments);
    }
}
