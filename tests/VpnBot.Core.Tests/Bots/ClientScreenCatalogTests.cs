using System.Globalization;
using System.Text;
using Telegram.Bot;
using Telegram.Bot.Types;
using VpnBot.Core.Payments;
using VpnBot.Core.Servers;
using VpnBot.Core.Support;
using VpnBot.Host.Bots.Client;
using VpnBot.Host.Bots.Client.Home;
using VpnBot.Host.Bots.Client.Instructions;
using VpnBot.Host.Bots.Client.Profile;
using VpnBot.Host.Bots.Client.Servers;
using VpnBot.Host.Bots.Client.Support;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;
using CoreUser = VpnBot.Core.Users.User;

namespace VpnBot.Core.Tests.Bots;

/// <summary>
/// Renders every screen of the client bot's servers, instructions, support and profile sections
/// with the largest values they can hold, in both languages: each fits one Telegram message,
/// every button's data fits 64 bytes and reaches a handler (never the stale-button reply).
/// </summary>
public class ClientScreenCatalogTests
{
    private static readonly BotTexts Texts = new([ClientBotModule.Texts]);

    public static TheoryData<string> Languages() => ["ru", "en"];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_screen_fits_telegram_and_every_button_is_routed(string language)
    {
        var context = Context(language);
        var routes = new RouteTable();
        new ClientBotModule(Texts).MapRoutes(routes);

        foreach (var (name, screen) in AllScreens(context))
        {
            Assert.True(screen.Text.Length <= Screen.MaxTextLength, $"{name} ({language}) is {screen.Text.Length} characters");
            foreach (var button in screen.Keyboard?.InlineKeyboard.SelectMany(row => row) ?? [])
            {
                var data = button.CallbackData ?? throw new Xunit.Sdk.XunitException($"{name}: button '{button.Text}' has no callback data");
                Assert.True(Encoding.UTF8.GetByteCount(data) <= CallbackData.MaxBytes, $"{name}: '{data}' is over 64 bytes");
                Assert.True(routes.HasCallbackRoute(CallbackData.Parse(data).Prefix), $"{name}: '{data}' has no route");
                Assert.False(string.IsNullOrWhiteSpace(button.Text), $"{name}: a button has no text");
            }
        }
    }

    [Fact]
    public void Instructions_cover_every_platform_and_protocol()
    {
        var context = Context("ru");
        foreach (var (platform, _) in InstructionCatalog.Platforms)
            foreach (var protocol in InstructionCatalog.Protocols)
                Assert.Contains("<b>1.", InstructionsScreens.Steps(Texts, context, platform, protocol).Text, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, Screen Screen)> AllScreens(UpdateContext context)
    {
        yield return ("home", HomeScreen.Build(Texts, context, "lead"));
        yield return ("instructions", InstructionsScreens.Platforms(Texts, context));
        foreach (var (platform, label) in InstructionCatalog.Platforms)
        {
            yield return ($"instructions/{platform}", InstructionsScreens.Protocols(Texts, context, platform, label));
            foreach (var protocol in InstructionCatalog.Protocols)
                yield return ($"instructions/{platform}/{protocol}", InstructionsScreens.Steps(Texts, context, platform, protocol));
        }

        var servers = Enumerable.Range(0, 25).Select(i => new ServerListing(i, new string('Л', 128), new string('Г', 128), "DE",
            [VpnProtocol.Vless, VpnProtocol.WireGuard, VpnProtocol.OpenVpn, VpnProtocol.Ikev2], ServerLoad.Of(i, 24))).ToList();
        for (var page = 0; page < 3; page++) yield return ($"servers/{page}", ServersScreen.Build(Texts, context, servers, page));
        yield return ("servers/none", ServersScreen.Build(Texts, context, [], 0));

        var ticket = new SupportTicket { Id = long.MaxValue, Subject = new string('<', SupportTicket.MaxSubjectLength), CreatedAt = DateTimeOffset.UtcNow };
        yield return ("support/ticket", SupportScreens.Ticket(Texts, context, ticket, writeHint: true));
        yield return ("support/opened", SupportScreens.Opened(Texts, context, ticket));
        yield return ("support/subject", SupportScreens.AskSubject(Texts, context));
        yield return ("support/message", SupportScreens.AskMessage(Texts, context, ticket.Subject));
        foreach (var error in Enum.GetValues<TicketError>().Cast<TicketError?>().Append(null))
            yield return ($"support/refusal/{error}", SupportScreens.Refusal(Texts, context, error));
        yield return ("support/confirm", SupportScreens.CloseConfirm(Texts, context, long.MaxValue));
        yield return ("support/closed", SupportScreens.Closed(Texts, context, long.MaxValue));
        yield return ("support/cancelled", SupportScreens.Cancelled(Texts, context));

        var user = new CoreUser { TelegramId = long.MaxValue, TrialUsed = true, AutoSelectProtocol = false, PreferredProtocol = VpnProtocol.OpenVpn, CreatedAt = DateTimeOffset.UtcNow };
        yield return ("profile", ProfileScreens.Overview(Texts, context, user));
        yield return ("profile/language", ProfileScreens.LanguagePicker(Texts, context, user));
        yield return ("profile/protocol", ProfileScreens.ProtocolPicker(Texts, context, user));
        var payments = Enumerable.Range(0, PaymentHistory.DefaultLimit).Select(i => new PaymentRecord(i, DateTimeOffset.UtcNow, null,
            99_999_999.99m, i % 2 == 0 ? "RUB" : "USDT", i % 3 == 0 ? "some-new-provider" : "yookassa", (PaymentStatus)(i % 4))).ToList();
        yield return ("profile/payments", ProfileScreens.Payments(Texts, context, payments));
    }

    private static UpdateContext Context(string language) => new(BotKind.Client, new TelegramBotClient("1:x"), new Update(), null!, CancellationToken.None)
    {
        Culture = CultureInfo.GetCultureInfo(language),
    };
}
