using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>"🏠 Menu" on any screen: the screen turns into the inline main menu.</summary>
public sealed class HomeHandler(BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public Task HandleAsync(UpdateContext context) => screens.ShowAsync(context, HomeScreen.Build(texts, context));
}
