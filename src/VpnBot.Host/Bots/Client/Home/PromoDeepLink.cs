using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Promotions;
using VpnBot.Host.Bots.Client.Purchase;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>
/// /start promo_CODE: the code is entered as if typed (remembered in the database until the next purchase, or
/// redeemed when it gives free days or balance), and the customer is told what it did. Guessing through links is
/// throttled like typing.
/// </summary>
public sealed class PromoDeepLink(BotTexts texts, PromoCodes promoCodes, PromoGuessThrottle throttle)
{
    public const string Prefix = "promo_";

    public async Task HandleAsync(UpdateContext context)
    {
        if (context.CommandArgument is not { } argument || !argument.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || context.User is not { } user)
            return;
        string text;
        if (await throttle.IsBlockedAsync(user.TelegramId))
        {
            text = PromoScreens.Refusal(texts, context, PromoVerdict.TooManyAttempts);
        }
        else
        {
            var entry = await promoCodes.EnterAsync(user.Id, argument[Prefix.Length..], null, context.Ct);
            if (entry.Verdict == PromoVerdict.Unknown) await throttle.RecordMissAsync(user.TelegramId);
            text = entry.Accepted ? PromoScreens.Accepted(texts, context, entry) : PromoScreens.Refusal(texts, context, entry.Verdict);
        }
        await context.Client.SendMessage(context.RequireChatId(), text, parseMode: ParseMode.Html, cancellationToken: context.Ct);
    }
}
