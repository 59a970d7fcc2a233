using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Gifts;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Referrals;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Client.Gifts;

/// <summary>The buyer's message when a gift payment completed: the one-time link to forward instead of a key.</summary>
public sealed class GiftNotices(GiftCatalog gifts, ClientBotLink links, BotTexts texts)
{
    /// <summary>False when <paramref name="paymentId"/> bought no gift (the caller sends its usual notice).</summary>
    public async Task<bool> TrySendPaidAsync(ITelegramBotClient bot, User buyer, long paymentId, CultureInfo culture, CancellationToken ct)
    {
        if (await gifts.ForPaymentAsync(paymentId, ct) is not { } gift) return false;
        var link = await links.StartUrlAsync(GiftStartLink.Prefix + gift.Code, ct);
        var (text, keyboard) = GiftScreens.Paid(texts, culture, gift.PlanName, link);
        await bot.SendMessage(buyer.TelegramId, text, parseMode: ParseMode.Html, replyMarkup: keyboard, cancellationToken: ct);
        return true;
    }
}
