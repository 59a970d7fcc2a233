using Microsoft.Extensions.Options;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Support;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Support.Handlers;

/// <summary>
/// A staff member writes in a ticket's topic: the text is the answer to the customer. Other
/// content (photo, file, sticker) cannot reach the customer — the client bot cannot read the staff
/// group's files — so it gets a note instead. The General topic and service messages are left alone.
/// </summary>
public sealed partial class StaffReplyHandler(BotTexts texts, TicketService tickets, IOptions<SupportOptions> options, ILogger<StaffReplyHandler> log)
    : IUpdateHandler
{
    private static readonly HashSet<MessageType> Content =
    [
        MessageType.Photo, MessageType.Document, MessageType.Sticker, MessageType.Video, MessageType.Voice, MessageType.Audio,
        MessageType.Animation, MessageType.VideoNote, MessageType.Contact, MessageType.Location, MessageType.Venue,
        MessageType.Poll, MessageType.Dice,
    ];

    public async Task HandleAsync(UpdateContext context)
    {
        if (StaffMessage.Read(context, options.Value, log) is not { TopicId: { } topicId } staff)
        {
            await RefuseAnonymousAsync(context, texts, tickets, options.Value, log);
            return;
        }
        var message = staff.Message;
        if (message.Text is not { } text)
        {
            if (Content.Contains(message.Type) && await tickets.FindByTopicAsync(topicId, context.Ct) is not null)
                await staff.NoteAsync(context, texts.Get(context, "StaffTextOnly"), log);
            return;
        }
        if (LooksLikeCommand(text))
        {
            // "/clsoe" must not reach the customer as an answer.
            if (await tickets.FindByTopicAsync(topicId, context.Ct) is not null)
                await staff.NoteAsync(context, texts.Get(context, "StaffUnknownCommand"), log);
            return;
        }

        var result = await tickets.AddStaffReplyAsync(topicId, staff.Staff, text, message.MessageId, context.Ct);
        var note = result switch
        {
            { Ok: true, Delivery: CustomerDelivery.Blocked } => texts.Get(context, "StaffReplyBlocked"),
            { Ok: true, Delivery: CustomerDelivery.Failed } => texts.Get(context, "StaffReplyNotDelivered"),
            { Error: TicketError.AlreadyClosed } => texts.Get(context, "StaffTicketClosed"),
            { Error: TicketError.MessageTooLong } => texts.Get(context, "StaffReplyTooLong", SupportMessage.MaxStaffTextLength, text.Length),
            _ => null,
        };
        if (result.Error == TicketError.NotFound) log.LogDebug("Support bot: topic {TopicId} holds no ticket; message ignored", topicId);
        if (note is not null) await staff.NoteAsync(context, note, log);
    }

    /// <summary>An anonymous admin writing in a ticket's topic is told to write under their own name; nothing is sent.</summary>
    internal static async Task RefuseAnonymousAsync(UpdateContext context, BotTexts texts, TicketService tickets, SupportOptions options, ILogger log)
    {
        if (StaffMessage.AnonymousAdminTopic(context, options) is not { } topicId || await tickets.FindByTopicAsync(topicId, context.Ct) is null) return;
        await StaffMessage.NoteAsync(context, options.GroupChatId!.Value, topicId, context.Message!.MessageId, texts.Get(context, "StaffAnonymous"), log);
    }

    /// <summary>A single word like "/close" or "/close@bot", not text that merely starts with a slash ("/etc/hosts is…").</summary>
    private static bool LooksLikeCommand(string text) => CommandWord().IsMatch(text.Trim());

    [System.Text.RegularExpressions.GeneratedRegex(@"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?$")]
    private static partial System.Text.RegularExpressions.Regex CommandWord();
}
