using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Users;

/// <summary>Ban and unban from a user's card: "ask" shows the confirmation, "yes" does it through UserAdministration.</summary>
public sealed class BanHandler(UserAdministration users, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        var banning = data.Prefix == AdminCallbacks.Ban;
        var step = data.Arg(0);
        if (data.LongArg(1) is not { } telegramId || step is not (AdminCallbacks.Ask or AdminCallbacks.Yes))
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
            return;
        }
        if (step == AdminCallbacks.Ask)
        {
            var user = await users.FindAsync(telegramId.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Ct);
            if (user is null) await screens.AnswerAsync(context, texts.Get(context, "UserGone"), alert: true);
            else await screens.ShowAsync(context, UserScreens.ConfirmBan(texts, context, user, banning));
            return;
        }

        var outcome = await users.SetBannedAsync(context.RequireUser().TelegramId, telegramId, banning, context.Ct);
        var toast = texts.Get(context, outcome switch
        {
            BanOutcome.Changed => banning ? "BanDone" : "UnbanDone",
            BanOutcome.Unchanged => banning ? "AlreadyBanned" : "AlreadyUnbanned",
            BanOutcome.TargetIsSelf => "CannotBanSelf",
            BanOutcome.TargetIsAdmin => "CannotBanAdmin",
            _ => "UserGone",
        });
        await screens.AnswerAsync(context, toast, alert: outcome is BanOutcome.TargetIsSelf or BanOutcome.TargetIsAdmin or BanOutcome.NotFound);
        if (await users.CardAsync(telegramId, context.Ct) is { } card) await screens.ShowAsync(context, UserScreens.Card(texts, context, card));
    }
}
