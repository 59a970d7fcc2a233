using Telegram.Bot;
using Telegram.Bot.Types;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.Navigation;

public static class ScreenMessages
{
    /// <summary>Sends a screen as a new message (below a delivered file or photo, where editing makes no sense).</summary>
    public static Task<Message> SendScreenAsync(this ITelegramBotClient client, UpdateContext context, Screen screen) =>
        client.SendMessage(context.RequireChatId(), screen.Text, parseMode: screen.ParseMode, replyMarkup: screen.Keyboard,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: context.Ct);
}
