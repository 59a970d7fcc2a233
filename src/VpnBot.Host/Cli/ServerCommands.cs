using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;

namespace VpnBot.Host.Cli;

public static class ServerCommands
{
    public static async Task<int> RunAsync(CliContext cli, CliArgs args)
    {
        var sub = args.Positional.FirstOrDefault()?.ToLowerInvariant();
        return sub switch
        {
            "add" => await AddAsync(cli, args),
            "list" => await ListAsync(cli, args),
            "show" => await ShowAsync(cli, args),
            "enable" => await SetEnabledAsync(cli, args, true),
            "disable" => await SetEnabledAsync(cli, args, false),
            "remove" => await RemoveAsync(cli, args),
            _ => throw new CliUsageException("server needs one of: add, list, show, enable, disable, remove."),
        };
    }

    private static async Task<int> AddAsync(CliContext cli, CliArgs args)
    {
        var name = args.Required("name");
        var location = args.Required("location");
        var country = args.Required("country").ToUpperInvariant();
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)) throw new CliUsageException("--country must be a two-letter code such as DE.");
        var ip = args.Required("ip");
        if (!IPAddress.TryParse(ip, out _)) throw new CliUsageException($"--ip '{ip}' is not an IP address.");
        var domain = args.Optional("domain");
        if (domain is not null && Uri.CheckHostName(domain) != UriHostNameType.Dns) throw new CliUsageException($"--domain '{domain}' is not a host name.");
        var protocols = ParseProtocols(args.Required("protocols"));
        var primary = args.Optional("primary") is { } p ? ParseProtocol(p) : protocols[0];
        if (!protocols.Contains(primary)) throw new CliUsageException("--primary must be one of --protocols.");
        var settings = await ReadSettingsAsync(args.Optional("settings"), cli, cli.In);
        var city = args.Optional("city");
        var maxUsers = args.Int("max-users", 0, min: 0);
        args.RejectUnknown();

        if (await cli.Db.Servers.AnyAsync(s => s.Name == name)) throw new CliUsageException($"A server named '{name}' exists already.");
        var now = cli.Time.GetUtcNow();
        var server = new Server
        {
            Name = name, Location = location, CountryCode = country, City = city, IpAddress = ip, Domain = domain,
            SupportedProtocols = protocols, PrimaryProtocol = primary, Settings = settings, MaxUsers = maxUsers,
            CreatedAt = now, UpdatedAt = now,
        };
        cli.Db.Servers.Add(server);
        cli.Db.AuditLog.Add(Audit("server-add", name, null, Describe(server), now));
        await cli.Db.SaveChangesAsync();
        // Secrets are bound to the server's id, known only now (one transaction would not help: the id comes from the insert).
        var bound = JsonNode.Parse(server.Settings);
        if (ServerSecrets.Bind(bound, server.Id, cli.Protector()) > 0)
        {
            server.Settings = bound!.ToJsonString();
            await cli.Db.SaveChangesAsync();
        }
        await cli.Out.WriteLineAsync($"Added server {name} (id {server.Id}).");
        return 0;
    }

    private static async Task<int> ListAsync(CliContext cli, CliArgs args)
    {
        args.RejectUnknown();
        var servers = await cli.Db.Servers.OrderBy(s => s.Name).ToListAsync();
        if (servers.Count == 0)
        {
            await cli.Out.WriteLineAsync("No servers yet. Add one with: server add --name ... (see help).");
            return 0;
        }
        await cli.Out.WriteLineAsync($"{"ID",-4} {"NAME",-16} {"LOCATION",-20} {"HOST",-24} {"PROTOCOLS",-26} {"USERS",-10} STATE");
        foreach (var s in servers)
        {
            var protocols = string.Join(",", s.SupportedProtocols.Select(SnakeCaseEnum<VpnProtocol>.ToText));
            var users = s.MaxUsers > 0 ? $"{s.CurrentUsers}/{s.MaxUsers}" : s.CurrentUsers.ToString(CultureInfo.InvariantCulture);
            await cli.Out.WriteLineAsync($"{s.Id,-4} {s.Name,-16} {s.Location,-20} {s.Host,-24} {protocols,-26} {users,-10} {(s.IsEnabled ? "enabled" : "disabled")}");
        }
        return 0;
    }

    private static async Task<int> ShowAsync(CliContext cli, CliArgs args)
    {
        var server = await FindAsync(cli, args);
        args.RejectUnknown();
        await cli.Out.WriteLineAsync(Describe(server, indented: true));
        return 0;
    }

    private static async Task<int> SetEnabledAsync(CliContext cli, CliArgs args, bool enabled)
    {
        var name = args.Positional.Skip(1).FirstOrDefault() ?? throw new CliUsageException("Name the server, e.g. server disable de-1.");
        args.RejectUnknown();
        var outcome = await new ServerAdministration(cli.Db, cli.Time).SetEnabledAsync(AdminAuditLog.CommandLineActor, name, enabled, CancellationToken.None);
        if (outcome == ToggleOutcome.NotFound) throw new CliUsageException($"No server named '{name}'.");
        await cli.Out.WriteLineAsync($"Server {name} is {(enabled ? "enabled" : "disabled")}{(outcome == ToggleOutcome.AlreadyInState ? " (it was already)" : "")}.");
        return 0;
    }

    private static async Task<int> RemoveAsync(CliContext cli, CliArgs args)
    {
        var server = await FindAsync(cli, args);
        args.RejectUnknown();
        if (await cli.Db.VpnConfigs.AnyAsync(c => c.ServerId == server.Id && c.IsActive))
            throw new CliUsageException($"Server {server.Name} still has active configs; disable it and move its customers first.");
        cli.Db.AuditLog.Add(Audit("server-remove", server.Name, Describe(server), null, cli.Time.GetUtcNow()));
        cli.Db.Servers.Remove(server);
        await cli.Db.SaveChangesAsync();
        await cli.Out.WriteLineAsync($"Removed server {server.Name}.");
        return 0;
    }

    private static async Task<Server> FindAsync(CliContext cli, CliArgs args)
    {
        var name = args.Positional.Skip(1).FirstOrDefault() ?? throw new CliUsageException("Name the server, e.g. server show de-1.");
        return await cli.Db.Servers.SingleOrDefaultAsync(s => s.Name == name) ?? throw new CliUsageException($"No server named '{name}'.");
    }

    internal static List<VpnProtocol> ParseProtocols(string text)
    {
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseProtocol).Distinct().ToList();
        return list.Count > 0 ? list : throw new CliUsageException("--protocols needs at least one protocol.");
    }

    private static VpnProtocol ParseProtocol(string text) =>
        SnakeCaseEnum<VpnProtocol>.TryParse(text, out var p)
            ? p
            : throw new CliUsageException($"Unknown protocol '{text}'; use {string.Join(", ", SnakeCaseEnum<VpnProtocol>.AllNames)}.");

    /// <summary>Reads the per-protocol settings JSON and encrypts every secret-named value before it is stored.</summary>
    private static async Task<string> ReadSettingsAsync(string? source, CliContext cli, TextReader stdin)
    {
        if (source is null) return "{}";
        string text;
        try { text = source == "-" ? await stdin.ReadToEndAsync() : await File.ReadAllTextAsync(source); }
        catch (IOException e) { throw new CliUsageException($"Cannot read --settings '{source}': {e.Message}"); }
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e) { throw new CliUsageException($"--settings is not valid JSON: {e.Message}"); }
        if (node is not JsonObject obj) throw new CliUsageException("--settings must be a JSON object with one section per protocol.");
        ServerSecrets.Protect(obj, cli.Protector());
        return obj.ToJsonString();
    }

    private static string Describe(Server s, bool indented = false)
    {
        var settings = JsonNode.Parse(s.Settings);
        ServerSecrets.Mask(settings);
        var node = new JsonObject
        {
            ["name"] = s.Name, ["location"] = s.Location, ["country"] = s.CountryCode, ["city"] = s.City, ["ip"] = s.IpAddress,
            ["domain"] = s.Domain, ["protocols"] = new JsonArray(s.SupportedProtocols.Select(p => (JsonNode)SnakeCaseEnum<VpnProtocol>.ToText(p)).ToArray()),
            ["primary"] = SnakeCaseEnum<VpnProtocol>.ToText(s.PrimaryProtocol), ["enabled"] = s.IsEnabled, ["maxUsers"] = s.MaxUsers,
            ["currentUsers"] = s.CurrentUsers, ["settings"] = settings,
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }

    private static AdminAuditLog Audit(string action, string target, string? before, string? after, DateTimeOffset now) =>
        new() { ActorTelegramId = 0, Action = action, TargetType = "server", TargetId = target, Before = before, After = after, CreatedAt = now };
}
