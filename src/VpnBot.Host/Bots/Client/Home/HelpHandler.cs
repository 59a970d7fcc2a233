using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

public sealed class HelpHandler(BotTexts texts) : IUpdateHandler
{
    public Task HandleAsync(UpdateContext context) =>
        context.Client.SendMessage(
            context.RequireChatId(),
            texts.Get(context, "Help"),
            parseMode: ParseMode.Html,
            replyMarkup: MainMenuKeyboard.Build(texts, context),
            cancellationToken: context.Ct);
}
