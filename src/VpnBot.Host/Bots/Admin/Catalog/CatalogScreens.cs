using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using static VpnBot.Host.Bots.Admin.AdminFormat;

namespace VpnBot.Host.Bots.Admin.Catalog;

/// <summary>The servers and plans lists, each line with its on/off switch.</summary>
public static class CatalogScreens
{
    /// <summary>Keeps the text under Telegram's 4096 characters and the keyboard usable; the CLI lists the rest.</summary>
    public const int MaxShown = 30;

    public static Screen Servers(BotTexts texts, UpdateContext context, IReadOnlyList<Server> servers)
    {
        var text = new StringBuilder(texts.Get(context, "ServersTitle"));
        var rows = new List<InlineKeyboardButton[]>();
        foreach (var s in servers.Take(MaxShown))
        {
            var users = s.MaxUsers > 0 ? $"{s.CurrentUsers}/{s.MaxUsers}" : $"{s.CurrentUsers}/∞";
            var protocols = string.Join(", ", s.SupportedProtocols.Select(SnakeCaseEnum<VpnProtocol>.ToText));
            text.Append("\n\n").Append(texts.Get(context, "ServerLine", Html(s.Name), Html(s.Location), State(texts, context, s.IsEnabled, "ServerOn", "ServerOff"), users, protocols));
            rows.Add([Switch(texts, context, AdminCallbacks.Servers, s.Id, s.IsEnabled, s.Name, "Disable", "Enable")]);
        }
        Footer(texts, context, text, servers.Count, "ServersNone");
        rows.Add([Button(texts.Get(context, "Refresh"), AdminCallbacks.Servers), DashboardButton(texts, context)]);
        return new Screen(text.ToString(), new InlineKeyboardMarkup(rows));
    }

    public static Screen Plans(BotTexts texts, UpdateContext context, IReadOnlyList<SubscriptionPlan> plans)
    {
        var text = new StringBuilder(texts.Get(context, "PlansTitle"));
        var rows = new List<InlineKeyboardButton[]>();
        foreach (var p in plans.Take(MaxShown))
        {
            var popular = p.IsPopular ? " · " + texts.Get(context, "PlanPopular") : "";
            text.Append("\n\n").Append(texts.Get(context, "PlanLine", Html(p.Name), p.DurationDays, Money(p.Price, p.Currency),
                State(texts, context, p.IsActive, "PlanOn", "PlanOff") + popular));
            rows.Add([Switch(texts, context, AdminCallbacks.Plans, p.Id, p.IsActive, p.Name, "Deactivate", "Activate")]);
        }
        Footer(texts, context, text, plans.Count, "PlansNone");
        rows.Add([Button(texts.Get(context, "Refresh"), AdminCallbacks.Plans), DashboardButton(texts, context)]);
        return new Screen(text.ToString(), new InlineKeyboardMarkup(rows));
    }

    private static string State(BotTexts texts, UpdateContext context, bool on, string onKey, string offKey) => texts.Get(context, on ? onKey : offKey);

    /// <summary>A button that flips the item to the other state; its data names the state wanted, so a stale press is recognised.</summary>
    private static InlineKeyboardButton Switch(BotTexts texts, UpdateContext context, string prefix, long id, bool on, string name, string offKey, string onKey) =>
        Button(texts.Get(context, on ? offKey : onKey, name), CallbackData.Build(prefix, on ? AdminCallbacks.Off : AdminCallbacks.On, id));

    private static void Footer(BotTexts texts, UpdateContext context, StringBuilder text, int count, string noneKey)
    {
        if (count == 0) text.Append("\n\n").Append(texts.Get(context, noneKey));
        else if (count > MaxShown) text.Append("\n\n").Append(texts.Get(context, "MoreInCli", MaxShown, count));
    }
}
