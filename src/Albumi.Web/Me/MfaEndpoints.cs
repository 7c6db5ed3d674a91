using System.Security.Claims;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Albumi.Web.Me;

/// <summary>
/// <c>/v1/me/mfa/…</c>: TOTP enrolment (confirmed by a valid code before it is on), disabling, recovery codes, and the
/// step-up. Session only: an API key, even an admin one, cannot turn a second factor off. Every change needs a recent
/// step-up (<see cref="StepUp"/>) on top of the code it carries.
/// </summary>
public static class MfaEndpoints
{
    public static IEndpointRouteBuilder MapMfaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/me/mfa").WithTags("Me").RequireSession();
        group.MapPost("/totp", BeginAsync).RequireStepUp().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/totp/confirm", ConfirmAsync).RequireStepUp();
        group.MapDelete("/totp", DisableAsync).RequireStepUp().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/recovery-codes", RegenerateAsync).RequireStepUp();
        group.MapPost("/verify", VerifyAsync);
        return endpoints;
    }

    internal static async Task<Results<Ok<TotpEnrollmentResponse>, ProblemHttpResult>> BeginAsync(ClaimsPrincipal user, IGrainFactory grains, TotpService totp, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        var profile = await grains.GetGrain<IAccountGrain>(account).GetProfileAsync();
        if (await totp.BeginAsync(account, profile!.Email) is not { } enrollment)
        {
            return Problem.Conflict(ProblemTypes.MfaAlreadyOn, "Two-factor authentication is on already.", "Disable it first to enrol a new authenticator.");
        }

        httpContext.Response.Headers.CacheControl = "no-store";
        using var qr = QRCodeGenerator.GenerateQrCode(enrollment.OtpauthUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(qr).GetGraphic(4);
        return TypedResults.Ok(new TotpEnrollmentResponse(enrollment.Secret, enrollment.OtpauthUri, "data:image/png;base64," + Convert.ToBase64String(png)));
    }

    internal static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> ConfirmAsync(
        CodeRequest? request, ClaimsPrincipal user, TotpService totp, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        var client = ClientInfo.From(httpContext);
        if (await totp.ConfirmAsync(account, request?.Code) is not { } codes)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.MfaEnabled, SecurityOutcome.Failure, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent, Reason: "wrong code"));
            return Problem.Create(StatusCodes.Status400BadRequest, ProblemTypes.InvalidSecondFactor, "Wrong code.", "The code does not match the pending authenticator (or no enrolment was started).");
        }

        await audit.WriteAsync(new SecurityEvent(SecurityEventType.MfaEnabled, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent));
        await MarkSessionAsync(httpContext);
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RecoveryCodesResponse(codes));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        [FromBody] CodeRequest? request, ClaimsPrincipal user, IGrainFactory grains, TotpService totp, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        if ((await grains.GetGrain<IAccountGrain>(account).GetMembershipsAsync()).Any(m => m.Role == WorkspaceRole.Owner))
        {
            return Problem.Conflict(ProblemTypes.MfaRequiredByRole, "Two-factor authentication is required.", "Workspace owners must keep two-factor authentication on.");
        }

        var client = ClientInfo.From(httpContext);
        var check = await totp.VerifyAsync(account, request?.Code);
        if (check.Limited is { } limited)
        {
            return await TooManyRequests.SecondFactorAsync(httpContext, limited, SecurityEventType.MfaDisabled, account);
        }

        if (!check.Accepted)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.MfaDisabled, SecurityOutcome.Failure, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent, Reason: check.Failure));
            return Problem.Create(StatusCodes.Status400BadRequest, ProblemTypes.InvalidSecondFactor, "Wrong code.", "Disabling needs a current code or an unused recovery code.");
        }

        await totp.DisableAsync(account);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.MfaDisabled, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent));
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> RegenerateAsync(
        CodeRequest? request, ClaimsPrincipal user, TotpService totp, SecurityAuditLog audit, HttpContext httpContext)
    {
        var account = user.GetAccountId()!.Value;
        var check = await totp.VerifyAsync(account, request?.Code);
        if (check.Limited is { } limited)
        {
            return await TooManyRequests.SecondFactorAsync(httpContext, limited, SecurityEventType.RecoveryCodesRegenerated, account);
        }

        if (!check.Accepted || check.Method != "totp")
        {
            return Problem.Create(StatusCodes.Status400BadRequest, ProblemTypes.InvalidSecondFactor, "Wrong code.", "New recovery codes need a current authenticator code.");
        }

        var codes = await totp.RegenerateRecoveryCodesAsync(account);
        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RecoveryCodesRegenerated, SecurityOutcome.Success, AccountId: account, ActorAccountId: account, Ip: client.Ip, UserAgent: client.UserAgent));
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RecoveryCodesResponse(codes));
    }

    /// <summary>A step-up: this session proves the second factor now (after an OAuth sign-in, or one made before enrolment).</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> VerifyAsync(CodeRequest? request, SecondFactorStepUp stepUp, HttpContext httpContext)
        => await stepUp.RunAsync(request?.Code, httpContext);

    /// <summary>Marks the request's session as having passed the second factor now.</summary>
    internal static async Task MarkSessionAsync(HttpContext httpContext)
    {
        var user = httpContext.User;
        if (user.GetAccountId() is { } account && user.GetSessionId() is { } sessionId
            && await httpContext.RequestServices.GetRequiredService<Albumi.Grains.Sessions.SessionDirectory>().FindLiveAsync(account, sessionId) is { } session)
        {
            await session.MarkSecondFactorPassedAsync();
        }
    }
}

public sealed record CodeRequest([property: System.ComponentModel.DataAnnotations.Required] string? Code);


public sealed record TotpEnrollmentResponse(string Secret, string OtpauthUri, string QrCodePng);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);
