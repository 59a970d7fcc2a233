using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using static VpnBot.Host.Bots.Admin.AdminFormat;

namespace VpnBot.Host.Bots.Admin.Users;

/// <summary>The user lookup: the question, the card with its ban button, and the ban confirmation.</summary>
public static class UserScreens
{
    /// <summary>The extensions offered on a card: a week as goodwill, a month as a plan's worth.</summary>
    private static readonly int[] ExtendDays = [7, 30];

    public static Screen Ask(BotTexts texts, UpdateContext context) =>
        new(texts.Get(context, "UserAsk"), new InlineKeyboardMarkup(DashboardButton(texts, context)));

    public static Screen NotFound(BotTexts texts, UpdateContext context, string query) =>
        new(texts.Get(context, "UserNotFound", Html(query)), new InlineKeyboardMarkup(
            [[Button(texts.Get(context, "UserSearchAgain"), AdminCallbacks.User)], [DashboardButton(texts, context)]]));

    public static Screen Card(BotTexts texts, UpdateContext context, UserCard card)
    {
        var user = card.User;
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var subscriptions = new StringBuilder();
        foreach (var s in card.Subscriptions)
        {
            if (subscriptions.Length > 0) subscriptions.Append('\n');
            subscriptions.Append(texts.Get(context, "UserSubscriptionLine", s.Id, texts.Get(context, "SubscriptionStatus." + s.Status),
                s.IsTrial ? texts.Get(context, "Trial") : Html(s.Plan ?? "—"), Html(s.Server ?? "—"), s.ExpiresAt is { } e ? Time(e) : "—"));
        }
        var text = texts.Get(context, "UserCard",
            Html(name.Length == 0 ? "—" : name), user.TelegramId, user.Username is { } u ? "@" + Html(u) : "—",
            user.UiCulture + (user.LanguageCode is { } lc ? $" ({Html(lc)})" : ""),
            texts.Get(context, card.IsAdmin ? "Role.Admin" : "Role." + user.Role),
            Time(user.CreatedAt), Time(user.LastActivityAt),
            texts.Get(context, user.IsBanned ? "UserState.Banned" : user.IsActive ? "UserState.Active" : "UserState.Blocked"),
            subscriptions.Length == 0 ? texts.Get(context, "UserNoSubscriptions") : subscriptions.ToString(),
            card.CompletedPayments, card.Paid.Count == 0 ? "—" : string.Join(", ", card.Paid.Select(p => Money(p.Amount, p.Currency))),
            card.OpenTickets);

        var rows = new List<InlineKeyboardButton[]>();
        var id = CallbackData.Num(user.TelegramId);
        if (card.Subscriptions is [{ ExpiresAt: not null } current, ..])
            rows.Add([.. ExtendDays.Select(days => Button(texts.Get(context, "ExtendButton", days),
                new ExtendArgs(false, current.Id, days, current.ExpiresAt).Data(false)))]);
        if (user.IsBanned) rows.Add([Button(texts.Get(context, "UserUnban"), CallbackData.Build(AdminCallbacks.Unban, AdminCallbacks.Ask, id))]);
        else if (!card.IsAdmin) rows.Add([Button(texts.Get(context, "UserBan"), CallbackData.Build(AdminCallbacks.Ban, AdminCallbacks.Ask, id))]);
        rows.Add([FeedLinkAdminScreens.Button(texts, context, user.TelegramId)]);
        rows.Add([Button(texts.Get(context, "Refresh"), AdminCallbacks.UserCard(user.TelegramId)), Button(texts.Get(context, "UserSearchAgain"), AdminCallbacks.User)]);
        rows.Add([DashboardButton(texts, context)]);
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    public static Screen ConfirmBan(BotTexts texts, UpdateContext context, User user, bool banning)
    {
        var id = CallbackData.Num(user.TelegramId);
        var who = Html(user.Username is { } u ? "@" + u : user.FirstName ?? id);
        return new Screen(texts.Get(context, banning ? "BanConfirm" : "UnbanConfirm", who, user.TelegramId), new InlineKeyboardMarkup(
        [
            [Button(texts.Get(context, banning ? "BanYes" : "UnbanYes"), CallbackData.Build(banning ? AdminCallbacks.Ban : AdminCallbacks.Unban, AdminCallbacks.Yes, id))],
            [Button(texts.Get(context, "No"), AdminCallbacks.UserCard(user.TelegramId))],
        ]));
    }

    public static Screen ConfirmExtend(BotTexts texts, UpdateContext context, long ownerTelegramId, ExtendArgs args) =>
        new(texts.Get(context, "ExtendConfirm", args.SubscriptionId, ownerTelegramId, args.Days, args.ShownExpiry is { } e ? Time(e) : "—"),
            new InlineKeyboardMarkup(
            [
                [Button(texts.Get(context, "ExtendYes", args.Days), args.Data(true))],
                [Button(texts.Get(context, "No"), AdminCallbacks.UserCard(ownerTelegramId))],
            ]));
}
