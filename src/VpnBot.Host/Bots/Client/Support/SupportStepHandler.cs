using VpnBot.Core.Analytics;
using VpnBot.Core.Support;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Support;

/// <summary>
/// The answers to a new ticket's questions: the subject (support.subject), then the message
/// (support.message), which opens the ticket. An answer that is not usable text (a sticker, a
/// photo, too long) gets a polite explanation and the step stays where it was.
/// </summary>
public sealed class SupportStepHandler(
    BotTexts texts, TicketService tickets, IConversationStore conversations, ScreenRenderer screens, ActivityLog activity) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        if (context.Text is not { } text)
        {
            await screens.ShowAsync(context, SupportScreens.Refusal(texts, context, null));
            return;
        }
        if (context.State?.Step == SupportHandler.SubjectStep)
        {
            await TakeSubjectAsync(context, text);
            return;
        }

        var result = await tickets.OpenAsync(user.Id, context.State?["subject"], text, context.Message?.MessageId, context.Ct);
        switch (result.Error)
        {
            case null:
                await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
                activity.Record(user.Id, ActivityActions.TicketOpened, CallbackData.Num(result.Ticket!.Id));
                await screens.ShowAsync(context, SupportScreens.Opened(texts, context, result.Ticket));
                break;
            case TicketError.MessageTooLong or TicketError.MessageEmpty:
                await screens.ShowAsync(context, SupportScreens.Refusal(texts, context, result.Error));
                break;
            case TicketError.AlreadyOpen when await tickets.FindOpenAsync(user.Id, context.Ct) is { } open:
                // Opened meanwhile (from another device): that one is the conversation now.
                await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
                await screens.ShowAsync(context, SupportScreens.Ticket(texts, context, open));
                break;
            default:
                // The subject did not survive in the state (edited or expired data): ask for it again.
                await conversations.SetAsync(context.Bot, context.RequireChatId(), SupportHandler.AskingSubject, context.Ct);
                await screens.ShowAsync(context, SupportScreens.AskSubject(texts, context));
                break;
        }
    }

    private async Task TakeSubjectAsync(UpdateContext context, string text)
    {
        if (SupportTicket.CheckSubject(text) is { } invalid)
        {
            await screens.ShowAsync(context, SupportScreens.Refusal(texts, context, invalid));
            return;
        }
        var subject = text.Trim();
        await conversations.SetAsync(context.Bot, context.RequireChatId(),
            new ConversationState(SupportHandler.MessageStep, new Dictionary<string, string> { ["subject"] = subject }), context.Ct);
        await screens.ShowAsync(context, SupportScreens.AskMessage(texts, context, subject));
    }
}
