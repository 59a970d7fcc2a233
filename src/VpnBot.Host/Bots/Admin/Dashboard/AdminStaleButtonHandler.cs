using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Dashboard;

/// <summary>A button no route knows (an old message, forged data): say so and change nothing.</summary>
public sealed class AdminStaleButtonHandler(BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public Task HandleAsync(UpdateContext context) => screens.AnswerAsync(context, texts.Get(context, "AdminStale"), alert: true);
}
