using System.Globalization;
using System.Net;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Client.Delivery;

/// <summary>
/// Sends a stored config the way the customer can use it: a VLESS link as copyable monospace text plus
/// a QR photo; WireGuard and OpenVPN as a file (.conf / .ovpn) plus a QR where it fits; the subscription
/// URL where there is one. Rendered from the stored VpnConfig, never regenerated.
/// </summary>
public sealed class ConfigDelivery(IVpnProviderFactory providers, BotTexts texts)
{
    /// <summary>Callback data of the "how to connect" button (the instructions screen).</summary>
    public const string HowToCallback = "ins";

    public async Task SendAsync(ITelegramBotClient bot, long chatId, CultureInfo culture, Server server, VpnConfig config,
        DateTimeOffset? expiresAt, string? feedUrl, CancellationToken ct)
    {
        var rendered = providers.Get(server, config.Protocol).Render(server, config);
        var protocol = ProtocolName(config.Protocol);
        var place = WebUtility.HtmlEncode($"{CountryFlag.Emoji(server.CountryCode)} {server.Location}");
        var howTo = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(texts.Get(BotKind.Client, culture, "ConfigHowTo"), HowToCallback));
        var tail = (expiresAt is { } e ? "\n\n" + texts.Get(BotKind.Client, culture, "ConfigExpires", e.UtcDateTime) : "")
            + ((rendered.SubscriptionUrl ?? feedUrl) is { } url ? texts.Get(BotKind.Client, culture, "ConfigSubscriptionUrl", WebUtility.HtmlEncode(url)) : "");

        if (rendered.Link is { } link)
        {
            var text = texts.Get(BotKind.Client, culture, "ConfigLink", protocol, place, WebUtility.HtmlEncode(link)) + tail;
            await bot.SendMessage(chatId, text, parseMode: ParseMode.Html, replyMarkup: howTo,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct);
        }
        else if (rendered.FileContent is { } content)
        {
            var app = texts.Get(BotKind.Client, culture, config.Protocol == VpnProtocol.OpenVpn ? "AppOpenVpn" : "AppWireGuard");
            await bot.SendMessage(chatId, texts.Get(BotKind.Client, culture, "ConfigFile", protocol, place, app) + tail,
                parseMode: ParseMode.Html, replyMarkup: howTo, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct);
            using var file = new MemoryStream(content);
            await bot.SendDocument(chatId, InputFile.FromStream(file, rendered.FileName ?? "vpn.conf"), cancellationToken: ct);
        }

        if (rendered.QrPng is { } png)
        {
            using var qr = new MemoryStream(png);
            await bot.SendPhoto(chatId, InputFile.FromStream(qr, "qr.png"),
                caption: texts.Get(BotKind.Client, culture, "ConfigQrCaption", protocol), cancellationToken: ct);
        }
    }

    public static string ProtocolName(VpnProtocol protocol) => protocol switch
    {
        VpnProtocol.Vless => "VLESS Reality",
        VpnProtocol.WireGuard => "WireGuard",
        VpnProtocol.OpenVpn => "OpenVPN",
        _ => "IKEv2",
    };
}
