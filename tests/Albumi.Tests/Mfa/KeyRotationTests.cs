using System.Net;
using System.Net.Http.Json;
using Albumi.Grains;
using Albumi.Grains.Security;
using Albumi.Grains.Time;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Mfa;

public sealed class KeyRotationTests() : WebNodesTest
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string> { ["Albumi:Lifecycle:ReminderPeriod"] = "00:00:03" };

    [Fact]
    public async Task RotationReEncryptsEverySecretAndOnlyThenTheOldKeyRetires()
    {
        var accounts = new List<(string Email, string Password, TotpEnrollmentResponse Enrolment)>();
        for (var i = 0; i < 3; i++)
        {
            var client = new AccountClient(Node.CreateBareClient());
            var (email, password) = await client.RegisterAndSignInAsync();
            var (enrolment, _) = await TwoFactor.EnrolAsync(client, _clock);
            accounts.Add((email, password, enrolment));
        }

        var ring = Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyRingGrain>(IKeyRingGrain.Key);

        // The re-encryption starts one reminder period after the rotation: until then the old key is still in use.
        Assert.Equal(2, await ring.RotateAsync());
        var protectedByOldKey = (await ring.UsageAsync())[1];
        Assert.True(protectedByOldKey >= 3, "three TOTP seeds (and the node's data protection keys) are under key 1");
        Assert.Contains($"still protects {protectedByOldKey}", await ring.RetireAsync(1), StringComparison.Ordinal);
        Assert.Contains("current", await ring.RetireAsync(2), StringComparison.Ordinal);

        Assert.Null((await ring.GetRotationAsync())!.FinishedAt);
        await Eventually.TrueAsync(async () => (await ring.UsageAsync())[1] == 0, TimeSpan.FromSeconds(30), "every secret was re-encrypted under key 2");

        // The rotation's progress is the ring grain's stored state: it outlives the activation.
        await Eventually.TrueAsync(async () => (await ring.GetRotationAsync())!.FinishedAt is not null, TimeSpan.FromSeconds(30), "the rotation recorded its end");
        await Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var rotation = (await ring.GetRotationAsync())!;
        Assert.Equal(2, rotation.Version);
        Assert.Equal(protectedByOldKey, rotation.Reencrypted);

        Assert.Null(await ring.RetireAsync(1));
        Assert.Equal([2], (await ring.GetVersionsAsync()).Live);
        _clock.Advance(TimeSpan.FromSeconds(30));
        foreach (var (email, password, enrolment) in accounts)
        {
            var signIn = await new AccountClient(Node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password, totpCode = TwoFactor.Code(enrolment, _clock) });
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        }
    }
}
