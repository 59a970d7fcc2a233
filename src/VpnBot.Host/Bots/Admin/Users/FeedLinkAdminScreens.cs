using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Core.Vpn.SubscriptionFeed;
using static VpnBot.Host.Bots.Admin.AdminFormat;

namespace VpnBot.Host.Bots.Admin.Users;

/// <summary>Rotating a customer's subscription link from the user card (a leaked or shared link).</summary>
public static class FeedLinkAdminScreens
{
    public static InlineKeyboardButton Button(BotTexts texts, UpdateContext context, long telegramId) =>
        AdminFormat.Button(texts.Get(context, "LinkRotate"), CallbackData.Build(AdminCallbacks.FeedLink, AdminCallbacks.Ask, CallbackData.Num(telegramId)));

    /// <summary>The "yes" carries the fingerprint of the link the operator is replacing: a second press finds another and changes nothing.</summary>
    public static Screen Confirm(BotTexts texts, UpdateContext context, User user)
    {
        var id = CallbackData.Num(user.TelegramId);
        var who = Html(user.Username is { } u ? "@" + u : user.FirstName ?? id);
        return new Screen(texts.Get(context, "LinkRotateConfirm", who, user.TelegramId), new InlineKeyboardMarkup(
        [
            [AdminFormat.Button(texts.Get(context, "LinkRotateYes"),
                CallbackData.Build(AdminCallbacks.FeedLink, AdminCallbacks.Yes, id, SubscriptionFeedService.Fingerprint(user.SubscriptionToken)))],
            [AdminFormat.Button(texts.Get(context, "No"), AdminCallbacks.UserCard(user.TelegramId))],
        ]));
    }
}
