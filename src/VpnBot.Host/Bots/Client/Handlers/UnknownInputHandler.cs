using Telegram.Bot;
using VpnBot.Host.Bots.Client.Keyboards;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Handlers;

/// <summary>Anything unrouted in a private chat (a sticker, a photo, free text): point back to the menu.</summary>
public sealed class UnknownInputHandler(BotTexts texts) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        if (context.Message is null || !context.IsPrivateChat) return;
        await context.Client.SendMessage(context.RequireChatId(), texts.Get(context, "Unknown"),
            replyMarkup: MainMenuKeyboard.Build(texts, context), cancellationToken: context.Ct);
    }
}
