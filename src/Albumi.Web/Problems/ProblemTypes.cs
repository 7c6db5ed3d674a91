namespace Albumi.Web.Problems;

/// <summary>The stable <c>type</c> URIs of Albumi's problem responses. Clients switch on these; never change one.</summary>
public static class ProblemTypes
{
    private const string Base = "https://albumi.dev/problems/";

    public const string DatabaseUnavailable = Base + "database-unavailable";
    public const string ClusterUnavailable = Base + "cluster-unavailable";
    public const string Validation = Base + "validation";
    public const string NotSignedIn = Base + "not-signed-in";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string InvalidCredentials = Base + "invalid-credentials";
    public const string MfaRequired = Base + "mfa-required";
    public const string RateLimited = Base + "rate-limited";
    public const string CrossSiteRequest = Base + "cross-site-request";
    public const string EmailTaken = Base + "email-taken";
    public const string LocalAccountsDisabled = Base + "local-accounts-disabled";
    public const string UnknownProvider = Base + "unknown-provider";
    public const string SignInFailed = Base + "sign-in-failed";
    public const string InvalidApiKey = Base + "invalid-api-key";
    public const string ApiKeyRevoked = Base + "api-key-revoked";
    public const string ApiKeyExpired = Base + "api-key-expired";
    public const string MissingScope = Base + "missing-scope";
    public const string SessionRequired = Base + "session-required";
    public const string KeyInQueryString = Base + "key-in-query-string";
    public const string InvalidSecondFactor = Base + "invalid-second-factor";
    public const string MfaAlreadyOn = Base + "mfa-already-on";
    public const string MfaRequiredByRole = Base + "mfa-required-by-role";
    public const string MfaEnrolmentRequired = Base + "mfa-enrolment-required";
    public const string StepUpRequired = Base + "step-up-required";
    public const string NoPassword = Base + "no-password";
    public const string RoleAboveOwn = Base + "role-above-own";
    public const string OwnerRequired = Base + "owner-required";
    public const string AlreadyMember = Base + "already-member";
    public const string InviteUnusable = Base + "invite-unusable";
    public const string VersionConflict = Base + "version-conflict";
    public const string ProposalConflict = Base + "proposal-conflict";
    public const string ProposalClosed = Base + "proposal-closed";
    public const string BodyTooLarge = Base + "body-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string GracePeriodOver = Base + "grace-period-over";
}
