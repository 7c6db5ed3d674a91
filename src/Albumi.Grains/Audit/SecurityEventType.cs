namespace Albumi.Grains.Audit;

/// <summary>
/// Security audit event types. The numbers are stored: never renumber, only add. Blocks per area: 1xxx sign-in and
/// sessions, 11xx accounts, 12xx memberships, roles and workspace policies, 13xx API keys, 14xx workspace lifecycle, 15xx platform operators, 16xx backups.
/// </summary>
public enum SecurityEventType
{
    SignIn = 1000,
    SignOut = 1001,
    SignOutAll = 1002,
    SessionRevoked = 1003,

    AccountCreated = 1100,
    ProviderLinked = 1101,
    AccountDisabled = 1102,
    MfaEnabled = 1103,
    MfaDisabled = 1104,
    RecoveryCodeUsed = 1105,
    RecoveryCodesRegenerated = 1106,
    SecondFactorVerified = 1107,
    ErasureRequested = 1108,
    ErasureCancelled = 1109,
    AccountErased = 1110,
    Reauthenticated = 1111,

    RoleChanged = 1200,
    MemberRemoved = 1201,
    ClassificationPolicyChanged = 1202,
    InviteCreated = 1203,
    InviteRevoked = 1204,

    ApiKeyCreated = 1300,
    ApiKeyRevoked = 1301,
    ApiKeyRefused = 1302,

    WorkspaceDeleted = 1400,
    WorkspaceRestored = 1401,
    WorkspacePurged = 1402,

    PlatformOperatorGranted = 1500,
    PlatformOperatorRevoked = 1501,

    BackupCompleted = 1600,
    RestoreDrill = 1601,
}
