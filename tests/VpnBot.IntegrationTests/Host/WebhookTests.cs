using System.Net;
using System.Text;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

public class WebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Token-for-tests";
    private TestHost _host = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(c =>
    {
        c["Telegram:Mode"] = "Webhook";
        c["Telegram:WebhookBaseUrl"] = "https://bot.example.com/";
        c["Telegram:WebhookSecret"] = Secret;
    });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Each_bot_registers_its_webhook_with_the_secret_token()
    {
        var call = await _host.Telegram.WaitForCallAsync(c => c.Method == "setWebhook" && c.Token == TestHost.ClientToken);
        Assert.Equal("https://bot.example.com/webhooks/telegram/client", call["url"]);
        Assert.Equal(Secret, call["secret_token"]);
        await _host.Telegram.WaitForCallAsync(c => c.Method == "setWebhook" && c.Token == TestHost.AdminToken);
        Assert.Empty(_host.Telegram.CallsTo("getUpdates"));
    }

    [Fact]
    public async Task An_update_with_the_right_secret_is_handled()
    {
        var userId = TestHost.NewUserId();
        var body = Updates.Text(userId, "/start");
        body["update_id"] = 77;
        var response = await PostAsync("client", body.ToJsonString(), Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.Telegram.WaitForCallAsync("sendMessage", userId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData(Secret + "x")]
    public async Task A_call_without_the_right_secret_is_refused_and_changes_nothing(string? secret)
    {
        var userId = TestHost.NewUserId();
        var body = Updates.Text(userId, "/start");
        body["update_id"] = 78;
        var response = await PostAsync("client", body.ToJsonString(), secret);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await Task.Delay(200);
        Assert.Empty(_host.Telegram.CallsTo("sendMessage", userId));
    }

    [Fact]
    public async Task Malformed_json_gets_400_and_unknown_bots_404()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("client", "{\"update_id\": \"x", Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("nosuchbot", "{}", Secret)).StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string bot, string json, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{_host.BaseUrl}/webhooks/telegram/{bot}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return _http.SendAsync(request);
    }
}
