using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Support.Handlers;

/// <summary>Explains where the staff work happens and whether the supergroup is configured.</summary>
public sealed class SupportStartHandler(BotTexts texts, IOptions<SupportOptions> options) : IUpdateHandler
{
    public Task HandleAsync(UpdateContext context)
    {
        var key = options.Value.GroupChatId is null ? "StartNoGroup" : "Start";
        // Asked inside a forum topic: answer there, not in the General topic.
        var topic = context.Message is { IsTopicMessage: true } message ? message.MessageThreadId : null;
        return context.Client.SendMessage(context.RequireChatId(), texts.Get(context, key),
            parseMode: ParseMode.Html, messageThreadId: topic, cancellationToken: context.Ct);
    }
}
