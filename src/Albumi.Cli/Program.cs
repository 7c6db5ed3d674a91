using System.CommandLine;
using System.Text.Json;
using Albumi.Cli;

// albumi: the command-line client. Exit codes: 0 ok, 1 failed, 2 usage. Errors go to stderr in one line.
var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table", Recursive = true };
var root = new RootCommand("Albumi command-line client") { json };

var url = new Option<string>("--url") { Description = "The Albumi server, e.g. http://127.0.0.1:5080", Required = true };
var keyOption = new Option<string?>("--key") { Description = "The API key (read from standard input when omitted)" };
var login = new Command("login", "Store a server URL and API key in the config file (mode 0600)") { url, keyOption };
login.SetAction(parse => Run(async () =>
{
    var key = parse.GetValue(keyOption) ?? (await Console.In.ReadLineAsync())?.Trim();
    var config = new CliConfig(parse.GetValue(url), key);
    using var api = new AlbumiApi(config);
    var me = await api.GetAsync("/v1/me");
    config.Save();
    Console.WriteLine($"Logged in as {me.GetProperty("email").GetString()}; key stored in {CliConfig.FilePath}");
}));

var whoami = new Command("whoami", "Show the account the key belongs to");
whoami.SetAction(parse => Run(async () =>
{
    using var api = new AlbumiApi(CliConfig.Load());
    var me = await api.GetAsync("/v1/me");
    Print(parse, me, () => $"{me.GetProperty("email").GetString()} ({me.GetProperty("displayName").GetString()})\n{me.GetProperty("id").GetString()}\n");
}));

var workspacesList = new Command("list", "List your workspaces");
workspacesList.SetAction(parse => Run(async () =>
{
    using var api = new AlbumiApi(CliConfig.Load());
    var list = await api.GetAsync("/v1/workspaces");
    Print(parse, list, () => Table.Render(["ID", "NAME", "ROLE"], list.EnumerateArray().Select(w => (IReadOnlyList<string>)[Text(w, "id"), Text(w, "name"), Text(w, "role")])));
}));
var workspaces = new Command("workspaces", "Workspaces") { workspacesList };

var keysList = new Command("list", "List your API keys (never the keys themselves)");
keysList.SetAction(parse => Run(async () =>
{
    using var api = new AlbumiApi(CliConfig.Load());
    var list = await api.GetAsync("/v1/me/api-keys");
    Print(parse, list, () => Table.Render(
        ["ID", "NAME", "PREFIX", "SCOPES", "EXPIRES", "LAST USED", "REVOKED"],
        list.EnumerateArray().Select(k => (IReadOnlyList<string>)[
            Text(k, "id"), Text(k, "name"), Text(k, "prefix"), string.Join(',', k.GetProperty("scopes").EnumerateArray().Select(s => s.GetString())),
            Text(k, "expiresAt", "never"), Text(k, "lastUsedAt", "-"), Text(k, "revokedAt", "-")])));
}));

var keyName = new Option<string>("--name") { Description = "What the key is for", Required = true };
var expires = new Option<string>("--expires") { Description = "30d, 90d, 1y or never", DefaultValueFactory = _ => "90d" };
var scopes = new Option<string[]>("--scope") { Description = "read, write or admin (repeat for several; default all)" };
var onlyWorkspaces = new Option<Guid[]>("--workspace") { Description = "Restrict the key to this workspace (repeat for several)" };
var keysCreate = new Command("create", "Create an API key; it is printed once") { keyName, expires, scopes, onlyWorkspaces };
keysCreate.SetAction(parse => Run(async () =>
{
    using var api = new AlbumiApi(CliConfig.Load());
    var requestedScopes = parse.GetValue(scopes) is { Length: > 0 } s ? s : null;
    var requestedWorkspaces = parse.GetValue(onlyWorkspaces) is { Length: > 0 } w ? w : null;
    var created = await api.PostAsync("/v1/me/api-keys", new { name = parse.GetValue(keyName), expiresIn = parse.GetValue(expires), scopes = requestedScopes, workspaceIds = requestedWorkspaces });
    Print(parse, created, () => $"{Text(created, "key")}\nid {Text(created, "id")}, expires {Text(created, "expiresAt", "never")}. Store the key now: it is not shown again.\n");
}));

var keyId = new Argument<string>("id") { Description = "The key's id (see 'albumi keys list')" };
var keysRevoke = new Command("revoke", "Revoke an API key at once, on every node") { keyId };
keysRevoke.SetAction(parse => Run(async () =>
{
    using var api = new AlbumiApi(CliConfig.Load());
    await api.DeleteAsync($"/v1/me/api-keys/{Uri.EscapeDataString(parse.GetValue(keyId)!)}");
    Console.WriteLine("Revoked.");
}));
var keys = new Command("keys", "API keys") { keysList, keysCreate, keysRevoke };

root.Subcommands.Add(login);
root.Subcommands.Add(whoami);
root.Subcommands.Add(workspaces);
root.Subcommands.Add(keys);

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
}

void Print(ParseResult parse, JsonElement value, Func<string> human)
    => Console.Write(parse.GetValue(json) ? JsonSerializer.Serialize(value, JsonOptions.Web) + Environment.NewLine : human());

static string Text(JsonElement element, string property, string whenMissing = "")
    => element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : whenMissing;
