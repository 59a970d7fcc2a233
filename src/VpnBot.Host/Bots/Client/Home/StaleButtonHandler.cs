using Telegram.Bot;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>A button nobody handles any more: say so politely and show the current menu.</summary>
public sealed class StaleButtonHandler(BotTexts texts) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        if (context.Callback is { } callback)
        {
            await context.Client.AnswerCallbackQuery(callback.Id, cancellationToken: context.Ct);
            context.CallbackAnswered = true;
        }
        if (context.ChatId is { } chatId)
            await context.Client.SendMessage(chatId, texts.Get(context, "StaleButton"),
                replyMarkup: MainMenuKeyboard.Build(texts, context), cancellationToken: context.Ct);
    }
}
