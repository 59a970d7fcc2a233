using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>
/// link asks, link:y:{fingerprint} resets the customer's own subscription link (a leaked link is revoked).
/// The callback never names a user: only the presser's link can change, and only the one the button was drawn for.
/// </summary>
public sealed class FeedLinkHandler(BotTexts texts, ScreenRenderer screens, SubscriptionFeedService feed) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        var data = CallbackData.Parse(context.CallbackData);
        if (data.Arg(0) == "y" && data.Arg(1) is { } shown)
        {
            var fresh = await feed.RotateTokenAsync(user.Id, shown, null, context.Ct);
            if (fresh is not null)
            {
                user.SubscriptionToken = fresh; // the rest of this update sees the new link
                await screens.ShowAsync(context, FeedLinkScreens.Done(texts, context, feed.UrlFor(fresh)), texts.Get(context, "LinkResetToast"));
                return;
            }
            await screens.ShowAsync(context, FeedLinkScreens.Confirm(texts, context, SubscriptionFeedService.Fingerprint(user.SubscriptionToken)),
                texts.Get(context, "StaleButton"));
            return;
        }
        await screens.ShowAsync(context, FeedLinkScreens.Confirm(texts, context, SubscriptionFeedService.Fingerprint(user.SubscriptionToken)));
    }
}
