using VpnBot.Core.Gifts;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Gifts;

/// <summary>/start gift_CODE: activates the gift for whoever opened it; returns the answer for the greeting, or null for another link.</summary>
public sealed class GiftStartLink(GiftService gifts, BotTexts texts)
{
    public const string Prefix = "gift_";

    public async Task<string?> TryHandleAsync(UpdateContext context)
    {
        if (context.CommandArgument is not { } argument || !argument.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var result = await gifts.RedeemAsync(context.RequireUser().Id, argument[Prefix.Length..], context.Ct);
        return result.Status switch
        {
            RedeemStatus.Activated => texts.Get(context, "GiftRedeemActivated", result.Days, DisplayFormat.Date(texts, context, result.ExpiresAt!.Value))
                + (result.ConfigPending ? "\n\n" + texts.Get(context, "GiftKeyPending") : ""),
            RedeemStatus.AlreadyUsed => texts.Get(context, "GiftRedeemUsed"),
            RedeemStatus.AlreadyYours => texts.Get(context, "GiftRedeemYours"),
            RedeemStatus.OwnGift => texts.Get(context, "GiftRedeemOwn"),
            RedeemStatus.Refunded => texts.Get(context, "GiftRedeemRefunded"),
            _ => texts.Get(context, "GiftRedeemUnknown"),
        };
    }
}
