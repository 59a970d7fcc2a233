using System.Net;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Servers;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>My keys: the active configs, and for each one re-issue, switch protocol or move to another location.</summary>
public static class ConfigScreens
{
    public static Screen List(BotTexts texts, UpdateContext context, IReadOnlyList<VpnConfig> configs, bool subscriptionActive)
    {
        if (!subscriptionActive)
            return new Screen(texts.Get(context, "CfgNoSubscription"), new InlineKeyboardMarkup(
                [[NavButtons.Button(texts.Get(context, "MenuBuy"), ClientCallbacks.Buy)], NavButtons.Row(texts, context)]));
        if (configs.Count == 0)
            return new Screen(texts.Get(context, "CfgPreparing"), new InlineKeyboardMarkup(
                [[NavButtons.Button(texts.Get(context, "CfgRefresh"), ClientCallbacks.Config)], NavButtons.Row(texts, context)]));

        var rows = configs.Select(c => new[] { NavButtons.Button(Label(c), CallbackData.Build(ClientCallbacks.Config, "s", c.Id)) }).ToList();
        rows.Add([FeedLinkScreens.Button(texts, context)]);
        rows.Add(NavButtons.Row(texts, context));
        return new Screen(texts.Get(context, "CfgTitle"), new InlineKeyboardMarkup(rows));
    }

    /// <summary>Shown under a delivered config: what can be done with it.</summary>
    public static Screen Actions(BotTexts texts, UpdateContext context, VpnConfig config) =>
        new(texts.Get(context, "CfgActions", WebUtility.HtmlEncode(Label(config))), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "CfgReissue"), CallbackData.Build(ClientCallbacks.Config, "r", config.Id))],
            [
                NavButtons.Button(texts.Get(context, "CfgSwitchProtocol"), CallbackData.Build(ClientCallbacks.Config, "p", config.Id)),
                NavButtons.Button(texts.Get(context, "CfgMove"), CallbackData.Build(ClientCallbacks.Config, "l", config.Id)),
            ],
            NavButtons.Row(texts, context, ClientCallbacks.Config),
        ]));

    public static Screen ConfirmReissue(BotTexts texts, UpdateContext context, VpnConfig config) =>
        new(texts.Get(context, "CfgReissueConfirm"), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "CfgReissueYes"), CallbackData.Build(ClientCallbacks.Config, "r", CallbackData.Num(config.Id), "y"))],
            NavButtons.Row(texts, context, CallbackData.Build(ClientCallbacks.Config, "s", config.Id)),
        ]));

    public static Screen Protocols(BotTexts texts, UpdateContext context, VpnConfig config, Server server)
    {
        var choices = server.SupportedProtocols.Where(p => p != config.Protocol && p != VpnProtocol.Ikev2).ToList();
        var text = texts.Get(context, choices.Count == 0 ? "CfgNoOtherProtocol" : "CfgProtocolTitle");
        var rows = choices.Select(p => new[]
        {
            NavButtons.Button(ProtocolNames.Display(texts, context, p), CallbackData.Build(ClientCallbacks.Config, "p", CallbackData.Num(config.Id), ProtocolNames.Id(p))),
        }).ToList();
        rows.Add(NavButtons.Row(texts, context, CallbackData.Build(ClientCallbacks.Config, "s", config.Id)));
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    public static Screen Locations(BotTexts texts, UpdateContext context, VpnConfig config, IReadOnlyList<ServerListing> servers)
    {
        var text = texts.Get(context, servers.Count == 0 ? "CfgNoOtherLocation" : "CfgLocationTitle");
        var rows = servers.Select(s => new[]
        {
            NavButtons.Button($"{CountryFlag.Emoji(s.CountryCode)} {s.Location} · {ServersScreen.Load(texts, context, s.Load)}",
                CallbackData.Build(ClientCallbacks.Config, "l", CallbackData.Num(config.Id), CallbackData.Num(s.Id))),
        }).ToList();
        rows.Add(NavButtons.Row(texts, context, CallbackData.Build(ClientCallbacks.Config, "s", config.Id)));
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    public static Screen BackendDown(BotTexts texts, UpdateContext context, VpnConfig config) =>
        new(texts.Get(context, "CfgBackendDown"), new InlineKeyboardMarkup(
        [
            [
                NavButtons.Button(texts.Get(context, "CfgSwitchProtocol"), CallbackData.Build(ClientCallbacks.Config, "p", config.Id)),
                NavButtons.Button(texts.Get(context, "CfgMove"), CallbackData.Build(ClientCallbacks.Config, "l", config.Id)),
            ],
            NavButtons.Row(texts, context, ClientCallbacks.Config),
        ]));

    private static string Label(VpnConfig config)
    {
        var label = new StringBuilder();
        if (config.Server is { } server) label.Append(CountryFlag.Emoji(server.CountryCode)).Append(' ').Append(server.Location).Append(" · ");
        return label.Append(Delivery.ConfigDelivery.ProtocolName(config.Protocol)).ToString();
    }
}
