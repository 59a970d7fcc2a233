using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using Telegram.Bot.Types;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Core.Tests.Host;

public class RouteTableTests
{
    private sealed class Recorder { public string? Hit { get; set; } }

    private abstract class Named(Recorder r, string name) : IUpdateHandler
    {
        public Task HandleAsync(UpdateContext context) { r.Hit = name; return Task.CompletedTask; }
    }

    private sealed class StartH(Recorder r) : Named(r, "start");
    private sealed class BuyH(Recorder r) : Named(r, "buy");
    private sealed class StepH(Recorder r) : Named(r, "step");
    private sealed class TextH(Recorder r) : Named(r, "text");
    private sealed class FallbackH(Recorder r) : Named(r, "fallback");
    private sealed class StaleH(Recorder r) : Named(r, "stale");
    private sealed class PayH(Recorder r) : Named(r, "precheckout");

    private sealed class MemoryStore(ConversationState? state) : IConversationStore
    {
        public ValueTask<ConversationState?> GetAsync(BotKind bot, long chatId, CancellationToken ct) => ValueTask.FromResult(state);
        public Task SetAsync(BotKind bot, long chatId, ConversationState s, CancellationToken ct) => Task.CompletedTask;
        public Task ClearAsync(BotKind bot, long chatId, CancellationToken ct) => Task.CompletedTask;
    }

    private static async Task<string?> RouteAsync(Update update, ConversationState? state = null)
    {
        var services = new ServiceCollection().AddSingleton<Recorder>().AddSingleton<IConversationStore>(new MemoryStore(state)).BuildServiceProvider();
        var routes = new RouteTable()
            .Command("/start", typeof(StartH))
            .Callback("buy", typeof(BuyH))
            .State("ticket.", typeof(StepH))
            .Text((_, t) => t == "🛒 Купить", typeof(TextH))
            .StaleCallback(typeof(StaleH))
            .PreCheckout(typeof(PayH))
            .Fallback(typeof(FallbackH));
        var context = new UpdateContext(BotKind.Client, new TelegramBotClient("1:x"), update, services, CancellationToken.None);
        await routes.DispatchAsync(context);
        return services.GetRequiredService<Recorder>().Hit;
    }

    private static Update Text(string text) => new()
    {
        Message = new Message { Chat = new Chat { Id = 5, Type = Telegram.Bot.Types.Enums.ChatType.Private }, From = new User { Id = 5, FirstName = "A" }, Text = text },
    };

    private static Update Callback(string data) => new()
    {
        CallbackQuery = new CallbackQuery { Id = "q", From = new User { Id = 5, FirstName = "A" }, Data = data, ChatInstance = "c" },
    };

    [Theory]
    [InlineData("/start", "start")]
    [InlineData("/START", "start")]
    [InlineData("/start@VpnBot ref-42", "start")]
    [InlineData("🛒 Купить", "text")]
    [InlineData("hello", "fallback")]
    [InlineData("/unknown", "fallback")]
    public async Task Messages_route_by_command_then_text(string text, string expected) =>
        Assert.Equal(expected, await RouteAsync(Text(text)));

    [Theory]
    [InlineData("buy", "buy")]
    [InlineData("buy:3:7", "buy")]
    [InlineData("buyer:3", "stale")]
    [InlineData("", "stale")]
    public async Task Callbacks_route_by_prefix_before_the_first_colon(string data, string expected) =>
        Assert.Equal(expected, await RouteAsync(Callback(data)));

    [Fact]
    public async Task Conversation_state_takes_free_text_but_not_commands()
    {
        var state = new ConversationState("ticket.subject", new Dictionary<string, string>());
        Assert.Equal("step", await RouteAsync(Text("My VPN is slow"), state));
        Assert.Equal("start", await RouteAsync(Text("/start"), state));
    }

    [Fact]
    public async Task A_reply_keyboard_button_leaves_a_conversation_step()
    {
        var state = new ConversationState("ticket.subject", new Dictionary<string, string>());
        Assert.Equal("text", await RouteAsync(Text("🛒 Купить"), state));
    }

    [Fact]
    public async Task Pre_checkout_queries_have_their_own_route() =>
        Assert.Equal("precheckout", await RouteAsync(new Update
        {
            PreCheckoutQuery = new Telegram.Bot.Types.Payments.PreCheckoutQuery { Id = "p", From = new User { Id = 5, FirstName = "A" }, Currency = "XTR", InvoicePayload = "x" },
        }));
}
