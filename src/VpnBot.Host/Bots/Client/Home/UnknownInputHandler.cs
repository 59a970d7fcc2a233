using Telegram.Bot;
using VpnBot.Core.Analytics;
using VpnBot.Core.Support;
using VpnBot.Host.Bots.Client.Support;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>
/// Anything unrouted in a private chat. While the user has an open support ticket, their text
/// goes to it (and a sticker or photo gets a request for words instead); otherwise the reply
/// points back to the menu.
/// </summary>
public sealed class UnknownInputHandler(BotTexts texts, TicketService tickets, ScreenRenderer screens, ActivityLog activity) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        if (context.Message is not { } message || !context.IsPrivateChat) return;
        if (context.User is { } user && context.Command is null)
        {
            if (message.Text is { } text)
            {
                var result = await tickets.AddClientMessageAsync(user.Id, text, message.MessageId, context.Ct);
                if (result.Ticket is { } ticket)
                {
                    activity.Record(user.Id, ActivityActions.TicketMessage, CallbackData.Num(ticket.Id));
                    await context.Client.SendMessage(context.RequireChatId(), texts.Get(context, "SupportMessageAdded", ticket.Id),
                        replyParameters: message.MessageId, cancellationToken: context.Ct);
                    return;
                }
                if (result.Error == TicketError.MessageTooLong)
                {
                    await screens.ShowAsync(context, SupportScreens.TooLongForTicket(texts, context));
                    return;
                }
            }
            else if (await tickets.FindOpenAsync(user.Id, context.Ct) is not null)
            {
                await screens.ShowAsync(context, SupportScreens.TextOnlyForTicket(texts, context));
                return;
            }
        }
        await context.Client.SendMessage(context.RequireChatId(), texts.Get(context, "Unknown"),
            replyMarkup: MainMenuKeyboard.Build(texts, context), cancellationToken: context.Ct);
    }
}
