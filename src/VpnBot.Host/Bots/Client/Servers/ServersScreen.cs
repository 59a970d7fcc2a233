using System.Net;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Servers;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Servers;

/// <summary>The locations list: flag, place, load and protocols, a page at a time (a page stays far below 4096 characters).</summary>
public static class ServersScreen
{
    public const int PageSize = 10;

    public static Screen Build(BotTexts texts, UpdateContext context, IReadOnlyList<ServerListing> servers, int page)
    {
        var pages = Math.Max(1, (servers.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var text = new StringBuilder(texts.Get(context, "ServersTitle"));
        if (servers.Count == 0) text.Append("\n\n").Append(texts.Get(context, "ServersNone"));
        foreach (var server in servers.Skip(page * PageSize).Take(PageSize))
            text.Append("\n\n").Append(Line(texts, context, server));
        if (servers.Count > 0) text.Append("\n\n").Append(texts.Get(context, "ServersFooter"));

        var rows = new List<InlineKeyboardButton[]>();
        if (pages > 1)
        {
            var pager = new List<InlineKeyboardButton>();
            if (page > 0) pager.Add(NavButtons.Button("◀️", PageData(page - 1)));
            pager.Add(NavButtons.Button($"{page + 1}/{pages}", PageData(page)));
            if (page < pages - 1) pager.Add(NavButtons.Button("▶️", PageData(page + 1)));
            rows.Add([.. pager]);
        }
        rows.Add([NavButtons.Button(texts.Get(context, "ServersRefresh"), PageData(page)), NavButtons.Home(texts, context)]);
        return new Screen(text.ToString(), new InlineKeyboardMarkup(rows));
    }

    public static string PageData(int page) => CallbackData.Build(ClientCallbacks.Servers, "p", page);

    private static string Line(BotTexts texts, UpdateContext context, ServerListing server)
    {
        var place = WebUtility.HtmlEncode(server.Location);
        if (!string.IsNullOrWhiteSpace(server.City) && !server.Location.Contains(server.City, StringComparison.OrdinalIgnoreCase))
            place += ", " + WebUtility.HtmlEncode(server.City);
        var protocols = string.Join(", ", server.Protocols.Select(p => ProtocolNames.Display(texts, context, p)));
        return texts.Get(context, "ServersLine", CountryFlag.Emoji(server.CountryCode), place, Load(texts, context, server.Load), protocols);
    }

    public static string Load(BotTexts texts, UpdateContext context, ServerLoad load)
    {
        var level = texts.Get(context, load.Level switch
        {
            LoadLevel.Low => "LoadLow",
            LoadLevel.Medium => "LoadMedium",
            LoadLevel.High => "LoadHigh",
            _ => "LoadFull",
        });
        return load.Percent is { } percent && load.Level != LoadLevel.Full ? $"{level} · {percent}%" : level;
    }
}
