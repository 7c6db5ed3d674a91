using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// Members on the workspace page: an invite link shown once with a copy button, pending invites revoked after a
/// question, leaving (an admin removes themselves; the owner and lower roles are told why they cannot), and ownership
/// transfer behind a typed name and "Confirm it is you".
/// </summary>
public sealed class WorkspaceMembersPageTests(WorkspaceSetup.SharedSession shared) : IClassFixture<WorkspaceSetup.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly Infrastructure.TestClock _clock = shared.Clock;

    [Fact]
    public async Task AnAdminInvitesByEmailCopiesTheInviteLinkShownOnceAndTheInviteeJoinsThroughIt()
    {
        var owner = await _session.NewPageAsync();
        await owner.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var json = PersonChecks.WatchForJson(owner);
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Invitations");
        await owner.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(owner.Locator("table.invites")).ToHaveCountAsync(0);
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "members-owner");

        var email = Identity.AccountClient.NewEmail();
        await owner.GetByLabel("Invite by email").FillAsync(email);
        await owner.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("editor");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        var link = owner.Locator("#invite-link");
        await Assertions.Expect(link).ToHaveTextAsync(new Regex($"^{Regex.Escape(_session.BaseUrl)}/invites/inv_[0-9a-f]{{32}}_[A-Za-z0-9_-]+$"));
        var url = (await link.TextContentAsync())!;
        await owner.GetByRole(AriaRole.Button, new() { Name = "Copy the invite link" }).ClickAsync();
        Assert.Equal(url, await owner.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "members-invite-link");

        // Shown once: the page after a reload lists the invite, never its token.
        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator("table.invites tbody tr")).ToContainTextAsync(email);
        Assert.DoesNotContain(url[(url.LastIndexOf('_') + 1)..], await owner.ContentAsync(), StringComparison.Ordinal);

        var invitee = await _session.NewPageAsync();
        await invitee.GotoAsync("/signup");
        await invitee.GetByLabel("Your name").FillAsync("Ivy Invitee");
        await invitee.GetByLabel("Email").FillAsync(email);
        await invitee.GetByLabel("Password (at least 12 characters)").FillAsync(Identity.AccountClient.StrongPassword());
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await invitee.WaitForURLAsync("**/workspaces");
        await invitee.GotoAsync(url);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await invitee.WaitForURLAsync($"**/workspaces/{ws}");

        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator("ul.members")).ToContainTextAsync("Ivy Invitee");
        await Assertions.Expect(owner.Locator("table.invites")).ToHaveCountAsync(0);
        Assert.Empty(json);
    }

    [Fact]
    public async Task RevokingAPendingInviteAsksFirstAndItsLinkThenNoLongerWorks()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Revoking");
        var email = Identity.AccountClient.NewEmail();
        var invite = await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/invites", new() { DataObject = new { email, role = "viewer" }, Headers = WorkspaceSetup.Origin(owner) });
        var token = (await invite.JsonAsync())!.Value.GetProperty("token").GetString();

        await owner.GotoAsync($"/workspaces/{ws}");
        var asked = new List<string>();
        var answer = false;
        owner.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await (answer ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await owner.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invite for {email}" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invite for {email}" })).ToBeFocusedAsync();
        await Assertions.Expect(owner.Locator("table.invites tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(new[] { $"Revoke the invite for {email}? The link stops working at once." }, asked);

        answer = true;
        await owner.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invite for {email}" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Invite revoked: its link no longer works.");
        Assert.Equal(2, asked.Count);
        await Assertions.Expect(owner.Locator("table.invites")).ToHaveCountAsync(0);
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "members-invite-revoked");

        var invitee = await _session.NewPageAsync();
        await invitee.GotoAsync("/signup");
        await invitee.GetByLabel("Your name").FillAsync("Late Invitee");
        await invitee.GetByLabel("Email").FillAsync(email);
        await invitee.GetByLabel("Password (at least 12 characters)").FillAsync(Identity.AccountClient.StrongPassword());
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await invitee.WaitForURLAsync("**/workspaces");
        Assert.Equal(410, (await invitee.Context.APIRequest.PostAsync($"/v1/invites/{token}/accept", new() { Headers = WorkspaceSetup.Origin(invitee) })).Status);
    }

    [Fact]
    public async Task AnAdminLeavesAfterBeingAskedAndIsSignedOutWhileTheOwnerAndAViewerAreToldWhyTheyCannotLeave()
    {
        var owner = await _session.NewPageAsync();
        await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Leaving");
        var admin = await _session.NewPageAsync();
        var adminId = await WorkspaceSetup.JoinAsync(owner, admin, ws, "admin", "Ada Admin");
        var viewer = await _session.NewPageAsync();
        var viewerId = await WorkspaceSetup.JoinAsync(owner, viewer, ws, "viewer", "Vic Viewer");

        // A viewer cannot remove themselves: the page says whom to ask, offers no button, and the API refuses the request.
        await viewer.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(viewer.Locator(".leave-by-admin")).ToContainTextAsync("ask its owner or an admin to remove you (Olive Owner, Ada Admin)");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Leave Leaving" })).ToHaveCountAsync(0);
        await PersonChecks.AccessibleAtBothWidthsAsync(viewer, "members-viewer");
        Assert.Equal(403, (await viewer.Context.APIRequest.DeleteAsync($"/v1/workspaces/{ws}/members/{viewerId}", new() { Headers = WorkspaceSetup.Origin(viewer) })).Status);
        Assert.Equal("viewer", await WorkspaceSetup.RoleOfAsync(owner, ws, viewerId));

        // The owner cannot leave either (ownership moves by transfer); the API answers 409 to the request made by hand.
        await owner.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("An owner cannot leave it");
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Leave Leaving" })).ToHaveCountAsync(0);
        var ownerId = (await (await owner.Context.APIRequest.GetAsync("/v1/me")).JsonAsync())!.Value.GetProperty("id").GetString();
        Assert.Equal(409, (await owner.Context.APIRequest.DeleteAsync($"/v1/workspaces/{ws}/members/{ownerId}", new() { Headers = WorkspaceSetup.Origin(owner) })).Status);

        var json = PersonChecks.WatchForJson(admin);
        await admin.GotoAsync($"/workspaces/{ws}");
        await PersonChecks.AccessibleAtBothWidthsAsync(admin, "members-admin-leave");
        var asked = WorkspaceSetup.AcceptEveryQuestion(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Leave Leaving" }).ClickAsync();
        await admin.WaitForURLAsync("**/signin");
        Assert.Single(asked);
        Assert.StartsWith("Leave Leaving? You lose access to it at once, and you are signed out on every device", asked[0], StringComparison.Ordinal);
        Assert.Null(await WorkspaceSetup.RoleOfAsync(owner, ws, adminId));
        await admin.GotoAsync($"/workspaces/{ws}");
        await admin.WaitForURLAsync(new Regex("/signin\\?returnUrl="));
        await PersonChecks.ShowsAPageAsync(admin);
        Assert.Empty(json);
    }

    [Fact]
    public async Task TheOwnerTransfersOwnershipToAMemberByTypingTheNameAndConfirmingItIsThemAndBecomesAnAdmin()
    {
        var owner = await _session.NewPageAsync();
        var (_, password) = await WorkspaceSetup.SignUpAsync(owner, "Olive Owner");
        var ws = await WorkspaceSetup.CreateWorkspaceAsync(owner, "Handover");
        var editor = await _session.NewPageAsync();
        var editorId = await WorkspaceSetup.JoinAsync(owner, editor, ws, "editor", "Eddie Editor");
        _clock.Advance(TimeSpan.FromMinutes(11));

        var json = PersonChecks.WatchForJson(owner);
        await owner.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        var transfer = owner.Locator("form[data-api$='/transfer-ownership']");
        await transfer.GetByLabel("New owner").SelectOptionAsync(editorId);
        await transfer.GetByLabel("Type the workspace's name to confirm").FillAsync("handover");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer ownership" }).ClickAsync();
        await Assertions.Expect(transfer.Locator("[data-error-for='confirmTransfer']")).ToHaveTextAsync("Type the name exactly to confirm.");
        await Assertions.Expect(transfer.GetByLabel("Type the workspace's name to confirm")).ToHaveAttributeAsync("aria-invalid", "true");

        // The right name, but a stale session: the API's refusal is shown in words at the form, and nothing moved.
        await transfer.GetByLabel("Type the workspace's name to confirm").FillAsync("Handover");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer ownership" }).ClickAsync();
        await Assertions.Expect(transfer.Locator("[data-form-error]")).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await transfer.Locator("[data-form-error]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("editor", await WorkspaceSetup.RoleOfAsync(owner, ws, editorId));
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "members-transfer-step-up");

        await owner.GetByLabel("Your password").FillAsync(password);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        transfer = owner.Locator("form[data-api$='/transfer-ownership']");
        await transfer.GetByLabel("New owner").SelectOptionAsync(editorId);
        await transfer.GetByLabel("Type the workspace's name to confirm").FillAsync("Handover");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer ownership" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Ownership transferred: you are an admin of this workspace now.");
        await Assertions.Expect(owner.Locator("main > p").Filter(new() { HasText = "Your role:" })).ToContainTextAsync("admin");
        await Assertions.Expect(owner.Locator("form[data-api$='/transfer-ownership']")).ToHaveCountAsync(0);
        Assert.Equal("owner", await WorkspaceSetup.RoleOfAsync(owner, ws, editorId));
        await PersonChecks.AccessibleAtBothWidthsAsync(owner, "members-transferred");

        // The old owner, an admin now, may not move ownership back: the API refuses the request made by hand.
        var ownerId = (await (await owner.Context.APIRequest.GetAsync("/v1/me")).JsonAsync())!.Value.GetProperty("id").GetString();
        Assert.Equal(403, (await owner.Context.APIRequest.PostAsync($"/v1/workspaces/{ws}/transfer-ownership", new() { DataObject = new { accountId = ownerId }, Headers = WorkspaceSetup.Origin(owner) })).Status);
        Assert.Empty(json);
    }
}
