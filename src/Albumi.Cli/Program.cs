using System.CommandLine;
using System.Globalization;
using Albumi.Cli;
using Albumi.Cli.Client.Models;
using Albumi.Cli.Client.V1.Workspaces.Import;
using Microsoft.Kiota.Abstractions.Serialization;

// albumi: the command-line client. Exit codes: 0 ok, 1 failed, 2 usage. Errors go to stderr in one line.
// Every call goes through the client generated from the API document (Client/, scripts/generate-client.sh).
var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table", Recursive = true };
var root = new RootCommand("Albumi command-line client") { json };

var url = new Option<string>("--url") { Description = "The Albumi server, e.g. http://127.0.0.1:5080", Required = true };
var keyOption = new Option<string?>("--key") { Description = "The API key (read from standard input when omitted)" };
var login = new Command("login", "Store a server URL and API key in the config file (mode 0600)") { url, keyOption };
login.SetAction(parse => Run(async () =>
{
    var key = parse.GetValue(keyOption) ?? (await Console.In.ReadLineAsync())?.Trim();
    var config = new CliConfig(parse.GetValue(url), key);
    using var api = new ApiConnection(config);
    var me = await api.CallAsync(c => c.V1.Me.GetAsync());
    config.Save();
    Console.WriteLine($"Logged in as {me.Email}; key stored in {CliConfig.FilePath}");
}));

var whoami = new Command("whoami", "Show the account the key belongs to");
whoami.SetAction(parse => Run(async () =>
{
    using var api = new ApiConnection(CliConfig.Load());
    var me = await api.CallAsync(c => c.V1.Me.GetAsync());
    await PrintAsync(parse, me, () => $"{me.Email} ({me.DisplayName})\n{me.Id}\n");
}));

var workspacesList = new Command("list", "List your workspaces");
workspacesList.SetAction(parse => Run(async () =>
{
    using var api = new ApiConnection(CliConfig.Load());
    var list = await api.CallAsync(c => c.V1.Workspaces.GetAsync());
    await PrintAsync(parse, list, () => Table.Render(["ID", "NAME", "ROLE"], list.Select(w => (IReadOnlyList<string>)[$"{w.Id}", w.Name ?? "", w.Role ?? ""])));
}));
var workspaces = new Command("workspaces", "Workspaces") { workspacesList };

var keysList = new Command("list", "List your API keys (never the keys themselves)");
keysList.SetAction(parse => Run(async () =>
{
    using var api = new ApiConnection(CliConfig.Load());
    var list = await api.CallAsync(c => c.V1.Me.ApiKeys.GetAsync());
    await PrintAsync(parse, list, () => Table.Render(
        ["ID", "NAME", "PREFIX", "SCOPES", "EXPIRES", "LAST USED", "REVOKED"],
        list.Select(k => (IReadOnlyList<string>)[
            $"{k.Id}", k.Name ?? "", k.Prefix ?? "", string.Join(',', k.Scopes ?? []),
            Time(k.ExpiresAt, "never"), Time(k.LastUsedAt, "-"), Time(k.RevokedAt, "-")])));
}));

var keyId = new Argument<Guid>("id") { Description = "The key's id (see 'albumi keys list')" };
var keysRevoke = new Command("revoke", "Revoke an API key at once, on every node") { keyId };
keysRevoke.SetAction(parse => Run(async () =>
{
    using var api = new ApiConnection(CliConfig.Load());
    await api.CallAsync(c => c.V1.Me.ApiKeys[parse.GetValue(keyId)].DeleteAsync());
    Console.WriteLine("Revoked.");
}));
// No "keys create": a key is made only by a signed-in session that recently passed its second factor (the web app's
// API keys page), never by another key, so a leaked key cannot mint its own successors.
var keys = new Command("keys", "API keys (list and revoke; create them on the web app's API keys page)") { keysList, keysRevoke };

var workspaceOption = new Option<Guid>("--workspace", "-w") { Description = "The workspace's id (see 'albumi workspaces list')", Required = true };
var membersList = new Command("list", "List a workspace's members") { workspaceOption };
membersList.SetAction(parse => Run(async () =>
{
    using var api = new ApiConnection(CliConfig.Load());
    var list = await api.CallAsync(c => c.V1.Workspaces[parse.GetValue(workspaceOption)].Members.GetAsync());
    await PrintAsync(parse, list, () => Table.Render(
        ["ACCOUNT", "EMAIL", "NAME", "ROLE", "JOINED"],
        list.Select(m => (IReadOnlyList<string>)[$"{m.AccountId}", m.Email ?? "", m.DisplayName ?? "", m.Role ?? "", Time(m.JoinedAt, "")])));
}));
var members = new Command("members", "A workspace's members") { membersList };

var type = new Option<string?>("--type") { Description = "Only events of this type (sign-in, role-changed, ...)" };
var outcome = new Option<string?>("--outcome") { Description = "success, failure or blocked" };
var account = new Option<Guid?>("--account") { Description = "Only events about this member's account" };
var from = new Option<DateTimeOffset?>("--from") { Description = "Events at or after this time (ISO 8601, any offset)" };
var to = new Option<DateTimeOffset?>("--to") { Description = "Events before this time" };
var limit = new Option<int?>("--limit") { Description = "At most this many (1-200; default 50)" };
var audit = new Command("audit", "A workspace's security audit log, newest first") { workspaceOption, type, outcome, account, from, to, limit };
audit.SetAction(parse => Run(async () =>
{
    using var api = new ApiConnection(CliConfig.Load());
    var events = await api.CallAsync(c => c.V1.Workspaces[parse.GetValue(workspaceOption)].Audit.GetAsync(r =>
    {
        r.QueryParameters.Type = parse.GetValue(type);
        r.QueryParameters.Outcome = WireValue.Parse<Albumi.Cli.Client.V1.Workspaces.Item.Audit.GetOutcomeQueryParameterType>(parse.GetValue(outcome), "--outcome");
        r.QueryParameters.AccountId = parse.GetValue(account);
        r.QueryParameters.From = parse.GetValue(from);
        r.QueryParameters.To = parse.GetValue(to);
        r.QueryParameters.Limit = parse.GetValue(limit);
    }));
    await PrintAsync(parse, events, () => Table.Render(
        ["TIME", "TYPE", "OUTCOME", "WHO", "IP", "REASON"],
        events.Select(e => (IReadOnlyList<string>)[
            Time(e.Event?.OccurredAt, ""), e.Event?.Type ?? "", e.Event?.Outcome ?? "", e.Email ?? (e.AccountId?.ToString() ?? "-"), e.Event?.Ip ?? "-", e.Event?.Reason ?? ""])));
}));

var output = new Option<FileInfo>("--out", "-o") { Description = "The file to write the export to", Required = true };
var export = new Command("export", "Export a workspace to a file (JSON, see /schemas/workspace-export.v1.json)") { workspaceOption, output };
export.SetAction(parse => Run(async () =>
{
    // Large workspaces take a while: no overall timeout, the stream is copied as it arrives.
    using var api = new ApiConnection(CliConfig.Load(), Timeout.InfiniteTimeSpan);
    var file = parse.GetValue(output)!;
    var request = api.Client.V1.Workspaces[parse.GetValue(workspaceOption)].Export.ToGetRequestInformation();
    await using var body = await api.OpenAsync(request);
    var partial = file.FullName + ".partial";
    await using (var target = new ProgressStream(File.Create(partial), "exported"))
    {
        await body.CopyToAsync(target);
        target.Finish();
    }

    // The file appears whole or not at all.
    File.Move(partial, file.FullName, overwrite: true);
    Console.WriteLine($"Exported to {file.FullName}");
}));

var input = new Argument<FileInfo>("file") { Description = "A workspace export" };
var import = new Command("import", "Create a new workspace from an export file; members are invited (their invite links are printed once)") { input };
import.SetAction(parse => Run(async () =>
{
    var file = parse.GetValue(input)!;
    if (!file.Exists)
    {
        throw new CliException($"no such file: {file.FullName}");
    }

    using var api = new ApiConnection(CliConfig.Load(), Timeout.InfiniteTimeSpan);
    var request = api.Client.V1.Workspaces.Import.ToPostRequestInformation(new ImportPostRequestBody());
    await using var content = new ProgressStream(file.OpenRead(), "uploaded", file.Length);
    request.SetStreamContent(content, "application/json");
    var imported = await api.SendAsync(request, ImportPostResponse.CreateFromDiscriminatorValue);
    content.Finish();
    IReadOnlyDictionary<string, object> workspace = imported.Workspace?.AdditionalData.AsReadOnly() ?? new Dictionary<string, object>().AsReadOnly();
    await PrintAsync(parse, imported, () =>
        $"Imported workspace {workspace.GetValueOrDefault("name")} ({workspace.GetValueOrDefault("id")}): {imported.Entities} entities, {imported.Comments} comments.\n"
        + (imported.Invites is { Count: > 0 } invites
            ? "Invite links for the members (shown once; send each to its person):\n" + Table.Render(["EMAIL", "ROLE", "TOKEN", "EXPIRES"], invites.Select(i => (IReadOnlyList<string>)[i.Email ?? "", i.Role ?? "", i.Token ?? "", Time(i.ExpiresAt, "")]))
            : ""));
}));

root.Subcommands.Add(login);
root.Subcommands.Add(whoami);
root.Subcommands.Add(workspaces);
root.Subcommands.Add(keys);
root.Subcommands.Add(members);
root.Subcommands.Add(audit);
root.Subcommands.Add(export);
root.Subcommands.Add(import);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync($"albumi: {parsed.Errors[0].Message} (see 'albumi --help')");
    return 2;
}

return await parsed.InvokeAsync();

static async Task<int> Run(Func<Task> action)
{
    try
    {
        await action();
        return 0;
    }
    catch (CliException e)
    {
        await Console.Error.WriteLineAsync($"albumi: {e.Message}");
        return e.ExitCode;
    }
    catch (IOException e)
    {
        await Console.Error.WriteLineAsync($"albumi: {e.Message}");
        return 1;
    }
}

async Task PrintAsync<T>(ParseResult parse, T value, Func<string> human)
    where T : class
{
    if (!parse.GetValue(json))
    {
        Console.Write(human());
        return;
    }

    var text = value switch
    {
        IParsable one => await KiotaJsonSerializer.SerializeAsStringAsync(one),
        System.Collections.IEnumerable many => await SerializeListAsync(many),
        _ => throw new InvalidOperationException($"cannot print {typeof(T)} as JSON"),
    };
    Console.WriteLine(text);
}

static async Task<string> SerializeListAsync(System.Collections.IEnumerable items)
    => await KiotaJsonSerializer.SerializeAsStringAsync(items.Cast<IParsable>());

static string Time(DateTimeOffset? value, string whenMissing)
    => value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? whenMissing;
