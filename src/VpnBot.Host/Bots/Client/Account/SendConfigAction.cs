using VpnBot.Core.Analytics;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Delivery;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>cfg:s: re-sends a stored key as it is (link or file, QR, subscription URL), then the key's actions.</summary>
public sealed class SendConfigAction(BotTexts texts, ScreenRenderer screens, ConfigDelivery delivery, SubscriptionFeedService feed, ActivityLog activity)
{
    public async Task RunAsync(UpdateContext context, VpnConfig config)
    {
        await screens.AnswerAsync(context);
        var user = context.RequireUser();
        var token = user.SubscriptionToken ?? await feed.IssueTokenAsync(user.Id, context.Ct);
        await delivery.SendAsync(context.Client, context.RequireChatId(), context.Culture, config.Server!, config, config.Subscription!.ExpiresAt,
            feed.UrlFor(token), context.Ct);
        activity.Record(user.Id, ActivityActions.ConfigFetched, config.Protocol.ToString());
        await context.Client.SendScreenAsync(context, ConfigScreens.Actions(texts, context, config));
    }
}
