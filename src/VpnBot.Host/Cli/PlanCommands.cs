using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Host.Cli;

public static class PlanCommands
{
    private static readonly string[] Currencies = ["RUB", "USD", "EUR", "XTR"];

    public static async Task<int> RunAsync(CliContext cli, CliArgs args)
    {
        var sub = args.Positional.FirstOrDefault()?.ToLowerInvariant();
        return sub switch
        {
            "add" => await AddAsync(cli, args),
            "list" => await ListAsync(cli, args),
            "enable" => await SetActiveAsync(cli, args, true),
            "disable" => await SetActiveAsync(cli, args, false),
            _ => throw new CliUsageException("plan needs one of: add, list, enable, disable."),
        };
    }

    private static async Task<int> AddAsync(CliContext cli, CliArgs args)
    {
        var name = args.Required("name");
        if (name.Length > 64) throw new CliUsageException("--name is longer than 64 characters.");
        var days = args.Int("days", min: 1);
        var price = args.Decimal("price");
        if (decimal.Round(price, 2) != price) throw new CliUsageException("--price has more than two decimals.");
        var currency = args.Required("currency").ToUpperInvariant();
        if (!Currencies.Contains(currency)) throw new CliUsageException($"--currency must be one of {string.Join(", ", Currencies)}.");
        var stars = args.OptionalInt("stars", min: 1);
        var traffic = args.OptionalInt("traffic-gb", min: 1);
        var devices = args.Int("devices", 1, min: 1);
        var popular = args.Flag("popular");
        var description = args.Optional("description");
        args.RejectUnknown();

        var now = cli.Time.GetUtcNow();
        var plan = new SubscriptionPlan
        {
            Name = name, Description = description, DurationDays = days, Price = price, Currency = currency, PriceStars = stars,
            TrafficLimitGb = traffic, DeviceLimit = devices, IsPopular = popular, IsActive = true, CreatedAt = now, UpdatedAt = now,
        };
        cli.Db.Plans.Add(plan);
        await cli.Db.SaveChangesAsync();
        cli.Db.AuditLog.Add(new AdminAuditLog
        {
            ActorTelegramId = 0, Action = "plan-add", TargetType = "plan", TargetId = plan.Id.ToString(CultureInfo.InvariantCulture),
            After = System.Text.Json.JsonSerializer.Serialize(new { plan.Name, plan.DurationDays, plan.Price, plan.Currency, plan.PriceStars }), CreatedAt = now,
        });
        await cli.Db.SaveChangesAsync();
        await cli.Out.WriteLineAsync($"Added plan {name} (id {plan.Id}).");
        return 0;
    }

    private static async Task<int> ListAsync(CliContext cli, CliArgs args)
    {
        args.RejectUnknown();
        var plans = await cli.Db.Plans.OrderBy(p => p.SortOrder).ThenBy(p => p.DurationDays).ToListAsync();
        if (plans.Count == 0)
        {
            await cli.Out.WriteLineAsync("No plans yet. Add one with: plan add --name ... (see help).");
            return 0;
        }
        await cli.Out.WriteLineAsync($"{"ID",-4} {"NAME",-20} {"DAYS",5} {"PRICE",12} {"STARS",6} {"TRAFFIC",9} {"DEVICES",7} STATE");
        foreach (var p in plans)
        {
            var price = p.Price.ToString("0.00", CultureInfo.InvariantCulture) + " " + p.Currency;
            var traffic = p.TrafficLimitGb is { } gb ? gb + " GB" : "unlimited";
            await cli.Out.WriteLineAsync(
                $"{p.Id,-4} {p.Name,-20} {p.DurationDays,5} {price,12} {p.PriceStars?.ToString(CultureInfo.InvariantCulture) ?? "-",6} {traffic,9} {p.DeviceLimit,7} {(p.IsActive ? "active" : "inactive")}{(p.IsPopular ? " popular" : "")}");
        }
        return 0;
    }

    private static async Task<int> SetActiveAsync(CliContext cli, CliArgs args, bool active)
    {
        if (args.Positional.Count < 2 || !long.TryParse(args.Positional[1], out var id))
            throw new CliUsageException("Name the plan by id, e.g. plan disable 3.");
        args.RejectUnknown();
        var outcome = await new PlanAdministration(cli.Db, cli.Time).SetActiveAsync(AdminAuditLog.CommandLineActor, id, active, CancellationToken.None);
        if (outcome == ToggleOutcome.NotFound) throw new CliUsageException($"No plan with id {id}.");
        await cli.Out.WriteLineAsync($"Plan {id} is {(active ? "active" : "inactive")}{(outcome == ToggleOutcome.AlreadyInState ? " (it was already)" : "")}.");
        return 0;
    }
}
