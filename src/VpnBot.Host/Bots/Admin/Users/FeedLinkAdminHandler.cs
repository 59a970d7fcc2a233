using System.Globalization;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.Host.Bots.Admin.Users;

/// <summary>"rot:ask:{telegramId}" shows the confirmation, "rot:yes:{telegramId}:{fingerprint}" rotates the link (audited).</summary>
public sealed class FeedLinkAdminHandler(UserAdministration users, SubscriptionFeedService feed, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        var step = data.Arg(0);
        if (data.LongArg(1) is not { } telegramId || step is not (AdminCallbacks.Ask or AdminCallbacks.Yes))
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
            return;
        }
        var user = await users.FindAsync(telegramId.ToString(CultureInfo.InvariantCulture), context.Ct);
        if (user is null)
        {
            await screens.AnswerAsync(context, texts.Get(context, "UserGone"), alert: true);
            return;
        }
        if (step == AdminCallbacks.Ask)
        {
            await screens.ShowAsync(context, FeedLinkAdminScreens.Confirm(texts, context, user));
            return;
        }

        var rotated = data.Arg(2) is { } shown && await feed.RotateTokenAsync(user.Id, shown, context.RequireUser().TelegramId, context.Ct) is not null;
        await screens.AnswerAsync(context, texts.Get(context, rotated ? "LinkRotated" : "AdminStale"));
        if (await users.CardAsync(telegramId, context.Ct) is { } card) await screens.ShowAsync(context, UserScreens.Card(texts, context, card));
    }
}
