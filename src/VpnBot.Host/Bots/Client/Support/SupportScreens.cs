using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Support;
using VpnBot.Host.Bots.Client.Home;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Support;

/// <summary>The client's support screens: the open ticket, the questions of a new one, the polite refusals.</summary>
public static class SupportScreens
{
    public static Screen Ticket(BotTexts texts, UpdateContext context, SupportTicket ticket, bool writeHint = false)
    {
        var text = texts.Get(context, "SupportTicket", ticket.Id, WebUtility.HtmlEncode(ticket.Subject),
            texts.Get(context, StatusKey(ticket.Status)), DisplayFormat.Date(texts, context, ticket.CreatedAt));
        if (writeHint) text += "\n\n" + texts.Get(context, "SupportWriteHint", ticket.Id);
        return new Screen(text, TicketKeyboard(texts, context, ticket.Id));
    }

    public static Screen Opened(BotTexts texts, UpdateContext context, SupportTicket ticket) =>
        new(texts.Get(context, "SupportOpened", ticket.Id), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "SupportBtnClose"), CallbackData.Build(ClientCallbacks.SupportClose, CallbackData.Num(ticket.Id)))],
            NavButtons.Row(texts, context),
        ]));

    public static Screen AskSubject(BotTexts texts, UpdateContext context) =>
        WithCancel(texts, context, texts.Get(context, "SupportAskSubject", SupportTicket.MaxSubjectLength));

    public static Screen AskMessage(BotTexts texts, UpdateContext context, string subject) =>
        WithCancel(texts, context, texts.Get(context, "SupportAskMessage", WebUtility.HtmlEncode(subject), SupportMessage.MaxTextLength));

    /// <summary>Why an answer in a text step was not taken; the step stays where it was.</summary>
    public static Screen Refusal(BotTexts texts, UpdateContext context, TicketError? error) => WithCancel(texts, context, error switch
    {
        TicketError.SubjectTooLong => texts.Get(context, "SupportSubjectTooLong", SupportTicket.MaxSubjectLength),
        TicketError.MessageTooLong => texts.Get(context, "SupportMessageTooLong", SupportMessage.MaxTextLength),
        TicketError.SubjectEmpty or TicketError.MessageEmpty => texts.Get(context, "SupportEmpty"),
        _ => texts.Get(context, "SupportNeedText"),
    });

    /// <summary>For free messages to an open ticket: no Cancel button, there is nothing to cancel.</summary>
    public static Screen TooLongForTicket(BotTexts texts, UpdateContext context) =>
        new(texts.Get(context, "SupportMessageTooLong", SupportMessage.MaxTextLength), null);

    public static Screen TextOnlyForTicket(BotTexts texts, UpdateContext context) => new(texts.Get(context, "SupportNeedText"), null);

    public static Screen CloseConfirm(BotTexts texts, UpdateContext context, long ticketId) =>
        new(texts.Get(context, "SupportCloseConfirm", ticketId), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "SupportBtnCloseYes"), CallbackData.Build(ClientCallbacks.SupportClose, CallbackData.Num(ticketId), "yes"))],
            [NavButtons.Back(texts, context, ClientCallbacks.Support)],
        ]));

    public static Screen Closed(BotTexts texts, UpdateContext context, long ticketId) =>
        new(texts.Get(context, "SupportClosed", ticketId), new InlineKeyboardMarkup([NavButtons.Row(texts, context)]));

    public static Screen Cancelled(BotTexts texts, UpdateContext context) => HomeScreen.Build(texts, context, texts.Get(context, "SupportCancelled"));

    private static InlineKeyboardMarkup TicketKeyboard(BotTexts texts, UpdateContext context, long ticketId)
    {
        var id = CallbackData.Num(ticketId);
        return new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "SupportBtnWrite"), CallbackData.Build(ClientCallbacks.Support, "write", id))],
            [NavButtons.Button(texts.Get(context, "SupportBtnClose"), CallbackData.Build(ClientCallbacks.SupportClose, id))],
            NavButtons.Row(texts, context),
        ]);
    }

    private static Screen WithCancel(BotTexts texts, UpdateContext context, string text) =>
        new(text, new InlineKeyboardMarkup([[NavButtons.Button(texts.Get(context, "SupportBtnCancel"), ClientCallbacks.SupportCancel)]]));

    private static string StatusKey(TicketStatus status) => status switch
    {
        TicketStatus.Open => "TicketStatusOpen",
        TicketStatus.InProgress => "TicketStatusInProgress",
        TicketStatus.WaitingClient => "TicketStatusWaitingClient",
        _ => "TicketStatusClosed",
    };
}
