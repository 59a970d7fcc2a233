using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Support;

/// <summary>
/// A message a person wrote in the staff supergroup (Support:GroupChatId), with the forum topic it
/// was written in (null for the General topic). Anything else the support bot receives — another
/// chat, a forged group id, a bot, an anonymous admin posting as the group — is not staff work and
/// touches no ticket.
/// </summary>
public sealed record StaffMessage(long GroupId, int? TopicId, Message Message, Core.Users.User Staff)
{
    public static StaffMessage? Read(UpdateContext context, SupportOptions options, ILogger log)
    {
        if (context.Message is not { } message) return null;
        if (options.GroupChatId is not { } groupId || message.Chat.Id != groupId)
        {
            var level = message.Chat.Type == global::Telegram.Bot.Types.Enums.ChatType.Private ? LogLevel.Debug : LogLevel.Information;
            log.Log(level, "Support bot: message in chat {ChatId} ignored, it is not the staff group", message.Chat.Id);
            return null;
        }
        if (message.From is not { IsBot: false } || context.User is not { } staff)
        {
            log.LogDebug("Support bot: message {MessageId} in the staff group ignored, not written by a person", message.MessageId);
            return null;
        }
        // In a forum, only messages inside a topic carry its thread id; the General topic has none.
        var topicId = message.IsTopicMessage ? message.MessageThreadId : null;
        return new StaffMessage(groupId, topicId, message, staff);
    }

    /// <summary>How staff notes name the staff member: first name, else @username, else the Telegram id.</summary>
    public string StaffName => Staff.FirstName is { Length: > 0 } first ? first
        : Staff.Username is { Length: > 0 } username ? "@" + username
        : Staff.TelegramId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A short note for the staff, in the same topic, as a reply to the message it is about.</summary>
    public Task NoteAsync(UpdateContext context, string text, ILogger log) => NoteAsync(context, GroupId, TopicId, Message.MessageId, text, log);

    /// <summary>
    /// The topic an anonymous group admin wrote in (Telegram sends them as the group itself, from
    /// GroupAnonymousBot): nobody can be named as the answer's author, so they are asked to write
    /// under their own name instead of being silently ignored.
    /// </summary>
    public static int? AnonymousAdminTopic(UpdateContext context, SupportOptions options) =>
        context.Message is { IsTopicMessage: true, From.IsBot: true, SenderChat: { } sender } message
        && options.GroupChatId is { } groupId && message.Chat.Id == groupId && sender.Id == groupId
            ? message.MessageThreadId
            : null;

    public static async Task NoteAsync(UpdateContext context, long groupId, int? topicId, int replyTo, string text, ILogger log)
    {
        try
        {
            await context.Client.SendMessage(groupId, text, messageThreadId: topicId,
                replyParameters: new ReplyParameters { MessageId = replyTo, AllowSendingWithoutReply = true },
                cancellationToken: context.Ct);
        }
        catch (ApiRequestException e)
        {
            // A note is a courtesy; the ticket change (if any) is already saved.
            log.LogWarning("Support bot: a note could not be posted in topic {TopicId}: {Reason}", topicId, e.Message);
        }
    }
}
