using System.Globalization;
using VpnBot.Core.Audit;
using VpnBot.Core.Promotions;
using VpnBot.Host.Bots.Admin.Promotions;

namespace VpnBot.Host.Cli;

/// <summary>promo add / list / disable: the same rules and audit as the admin bot's /promo.</summary>
public static class PromoCommands
{
    public static async Task<int> RunAsync(CliContext cli, CliArgs args)
    {
        var sub = args.Positional.FirstOrDefault()?.ToLowerInvariant();
        return sub switch
        {
            "add" => await AddAsync(cli, args),
            "list" => await ListAsync(cli, args),
            "disable" => await DisableAsync(cli, args),
            _ => throw new CliUsageException("promo needs one of: add, list, disable."),
        };
    }

    private static PromoAdministration Administration(CliContext cli) => new(cli.Db, cli.Time);

    private static async Task<int> AddAsync(CliContext cli, CliArgs args)
    {
        if (args.Positional.Count != 4) throw new CliUsageException("promo add CODE KIND VALUE, e.g. promo add SPRING percent 20 --uses 100.");
        var (code, kindText, valueText) = (args.Positional[1], args.Positional[2], args.Positional[3]);
        var kind = PromoDraft.ParseKind(kindText) ?? throw new CliUsageException($"KIND must be percent, amount, days, free or balance, not '{kindText}'.");
        if (!decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            throw new CliUsageException($"VALUE must be a number, not '{valueText}'.");
        var plansText = args.Optional("plans");
        var draft = new PromoDraft(code, kind, value)
        {
            MaxUses = args.OptionalInt("uses", min: 1),
            PerCustomer = args.Int("per-customer", 1, min: 1),
            ValidFrom = Date(args, "from", endOfDay: false),
            ValidUntil = Date(args, "until", endOfDay: true),
            FirstPurchaseOnly = args.Flag("first"),
            PlanIds = plansText is null ? [] : PromoCommandLine.ParseIds(plansText) ?? throw new CliUsageException($"--plans must be plan ids like 1,2, not '{plansText}'."),
        };
        args.RejectUnknown();
        var created = await Administration(cli).CreateAsync(AdminAuditLog.CommandLineActor, draft, CancellationToken.None);
        if (created.Problem is { } problem) throw new CliUsageException(problem + ".");
        await cli.Out.WriteLineAsync($"Added promo code {created.Code!.Code} (id {created.Code.Id}).");
        return 0;
    }

    private static DateTimeOffset? Date(CliArgs args, string name, bool endOfDay) => args.Optional(name) is not { } text ? null
        : PromoDraft.ParseDate(text, endOfDay) ?? throw new CliUsageException($"--{name} must be a date like 2027-01-31, not '{text}'.");

    private static async Task<int> ListAsync(CliContext cli, CliArgs args)
    {
        args.RejectUnknown();
        var admin = Administration(cli);
        await cli.Out.WriteLineAsync($"{"ID",-5} {"CODE",-20} {"KIND",-10} {"VALUE",8} {"USED",9} {"OPEN",5} {"UNTIL",-16} STATE");
        var any = false;
        for (var page = 0; ; page++)
        {
            var list = await admin.ListAsync(page, 100, CancellationToken.None);
            foreach (var (c, used, reserved) in list.Items)
            {
                any = true;
                var uses = used.ToString(CultureInfo.InvariantCulture) + "/" + (c.MaxUses?.ToString(CultureInfo.InvariantCulture) ?? "-");
                var until = c.ValidUntil?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
                var extras = (c.FirstPurchaseOnly ? " first-only" : "") + (c.PlanIds is { Length: > 0 } p ? " plans=" + string.Join(",", p) : "");
                await cli.Out.WriteLineAsync(
                    $"{c.Id,-5} {c.Code,-20} {PromoDraft.KindName(c.Kind),-10} {c.Value.ToString("0.##", CultureInfo.InvariantCulture),8} {uses,9} {reserved,5} {until,-16} {(c.IsActive ? "active" : "off")}{extras}");
            }
            if (!list.HasMore) break;
        }
        if (!any) await cli.Out.WriteLineAsync("No promo codes yet. Add one with: promo add CODE KIND VALUE (see help).");
        return 0;
    }

    private static async Task<int> DisableAsync(CliContext cli, CliArgs args)
    {
        if (args.Positional.Count != 2) throw new CliUsageException("Name the code, e.g. promo disable SPRING.");
        args.RejectUnknown();
        var admin = Administration(cli);
        var code = await admin.FindAsync(args.Positional[1], CancellationToken.None) ?? throw new CliUsageException($"No promo code {args.Positional[1]}.");
        var outcome = await admin.DisableAsync(AdminAuditLog.CommandLineActor, code.Id, CancellationToken.None);
        await cli.Out.WriteLineAsync($"Promo code {code.Code} is off{(outcome == ToggleOutcome.AlreadyInState ? " (it was already)" : "")}.");
        return 0;
    }
}
