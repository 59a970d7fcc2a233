using VpnBot.Core.Analytics;
using VpnBot.Core.Support;
using VpnBot.Host.Bots.Client.Home;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Support;

/// <summary>supclose:{id} asks to confirm; supclose:{id}:yes closes the client's own ticket.</summary>
public sealed class SupportCloseHandler(BotTexts texts, TicketService tickets, ScreenRenderer screens, ActivityLog activity) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        var data = CallbackData.Parse(context.CallbackData);
        if (data.LongArg(0) is not { } ticketId)
        {
            await screens.ShowAsync(context, HomeScreen.Build(texts, context));
            return;
        }
        if (data.Arg(1) != "yes")
        {
            await screens.ShowAsync(context, SupportScreens.CloseConfirm(texts, context, ticketId));
            return;
        }
        var result = await tickets.CloseAsync(user.Id, ticketId, context.Ct);
        if (result.Ok) activity.Record(user.Id, ActivityActions.TicketClosed, CallbackData.Num(ticketId));
        var screen = result.Error == TicketError.NotFound ? HomeScreen.Build(texts, context) : SupportScreens.Closed(texts, context, ticketId);
        await screens.ShowAsync(context, screen, result.Ok ? null : texts.Get(context, "SupportTicketGone"));
    }
}
