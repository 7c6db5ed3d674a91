using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Security;
using Albumi.Tests.Identity;
using Albumi.Web.Me;

namespace Albumi.Tests.Mfa;

/// <summary>A person's authenticator app in tests: enrols, and computes codes at the test clock's time.</summary>
public static class TwoFactor
{
    public static async Task<TotpEnrollmentResponse> BeginAsync(AccountClient client)
    {
        var response = await client.PostAsync("/v1/me/mfa/totp");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TotpEnrollmentResponse>())!;
    }

    /// <summary>Begins and confirms enrolment; returns the enrolment (its secret) and the recovery codes.</summary>
    public static async Task<(TotpEnrollmentResponse Enrolment, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(AccountClient client, TimeProvider clock)
    {
        var enrolment = await BeginAsync(client);
        return (enrolment, await ConfirmAsync(client, enrolment, clock));
    }

    public static async Task<IReadOnlyList<string>> ConfirmAsync(AccountClient client, TotpEnrollmentResponse enrolment, TimeProvider clock)
    {
        var response = await client.PostAsync("/v1/me/mfa/totp/confirm", new { code = Code(enrolment, clock) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RecoveryCodesResponse>())!.RecoveryCodes;
    }

    /// <summary>A step-up: the session proves the second factor now (a fresh code, the clock moved past the last one used).</summary>
    public static async Task StepUpAsync(AccountClient client, TotpEnrollmentResponse enrolment, Albumi.Tests.Infrastructure.TestClock clock)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(clock);
        clock.Advance(TimeSpan.FromSeconds(30));
        var response = await client.PostAsync("/v1/me/mfa/verify", new { code = Code(enrolment, clock) });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static string Code(TotpEnrollmentResponse enrolment, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        ArgumentNullException.ThrowIfNull(clock);
        return Totp.Compute(Base32.Decode(enrolment.Secret), Totp.StepAt(clock.GetUtcNow()));
    }
}
