using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

public class TelegramFaultTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_429_is_retried_after_retry_after()
    {
        var userId = TestHost.NewUserId();
        _host.Telegram.FailNext("sendMessage", FakeFault.TooManyRequests(1));
        _host.Send(Updates.Text(userId, "/help"));

        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.CallsTo("sendMessage", userId).Count == 2));
        var calls = _host.Telegram.CallsTo("sendMessage", userId);
        Assert.Equal(calls[0].Text, calls[1].Text);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_500_is_retried_with_backoff()
    {
        var userId = TestHost.NewUserId();
        _host.Telegram.FailNext("sendMessage", FakeFault.ServerError(), times: 2);
        _host.Send(Updates.Text(userId, "/help"));
        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.CallsTo("sendMessage", userId).Count == 3));
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task A_failing_handler_is_logged_with_the_update_id_the_user_gets_an_apology_and_the_loop_goes_on()
    {
        var userId = TestHost.NewUserId();
        _host.Telegram.FailNext("sendMessage", FakeFault.BadRequest("can't parse entities"));
        var updateId = _host.Send(Updates.Text(userId, "/start"));

        var apology = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("пошло не так", StringComparison.Ordinal));
        Assert.NotNull(apology);
        var error = Assert.Single(_host.Logs.Events, e => e.Level == Serilog.Events.LogEventLevel.Error);
        Assert.Equal(updateId.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Properties["UpdateId"].ToString());

        _host.Send(Updates.Text(userId, "/help"));
        await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Что умеет", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Updates_from_one_chat_are_answered_in_arrival_order()
    {
        var userId = TestHost.NewUserId();
        for (var i = 0; i < 10; i++) _host.Send(Updates.Text(userId, i % 2 == 0 ? "/start" : "/help"));
        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.CallsTo("sendMessage", userId).Count == 10));
        var kinds = _host.Telegram.CallsTo("sendMessage", userId).Select(c => c.Text!.Contains("Привет", StringComparison.Ordinal) ? "start" : "help").ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "start" : "help"), kinds);
    }
}
