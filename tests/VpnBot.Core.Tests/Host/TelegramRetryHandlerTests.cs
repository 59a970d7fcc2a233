using System.Net;
using VpnBot.Host.Telegram.Hosting;

namespace VpnBot.Core.Tests.Host;

public class TelegramRetryHandlerTests
{
    [Fact]
    public async Task Server_errors_are_retried_until_an_answer_comes()
    {
        var inner = new Scripted(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        using var client = Client(inner);

        var response = await client.PostAsync("http://bot.test/sendMessage", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task After_three_retries_the_last_server_error_is_returned()
    {
        var inner = new Scripted(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        using var client = Client(inner);

        var response = await client.PostAsync("http://bot.test/sendMessage", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1 + TelegramRetryHandler.MaxRetries, inner.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)] // Telegram.Bot waits retry_after itself
    public async Task Client_errors_and_429_are_not_retried_here(HttpStatusCode status)
    {
        var inner = new Scripted(status, HttpStatusCode.OK);
        using var client = Client(inner);

        Assert.Equal(status, (await client.PostAsync("http://bot.test/sendMessage", new StringContent("{}"))).StatusCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Network_errors_are_retried_and_the_last_one_surfaces()
    {
        var inner = new Scripted() { Throw = true };
        using var client = Client(inner);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("http://bot.test/sendMessage", new StringContent("{}")));
        Assert.Equal(1 + TelegramRetryHandler.MaxRetries, inner.Calls);
    }

    [Theory]
    [InlineData(0, 0.0, 225)]
    [InlineData(0, 1.0, 375)]
    [InlineData(2, 0.5, 1200)]
    public void Backoff_doubles_with_jitter(int attempt, double random, double expectedMs) =>
        Assert.Equal(expectedMs, TelegramRetryHandler.Delay(TimeSpan.FromMilliseconds(300), attempt, random).TotalMilliseconds, 3);

    private static HttpClient Client(HttpMessageHandler inner) =>
        new(new TelegramRetryHandler(TimeSpan.FromMilliseconds(1)) { InnerHandler = inner });

    private sealed class Scripted(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public int Calls { get; private set; }
        public bool Throw { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var status = Calls < statuses.Length ? statuses[Calls] : HttpStatusCode.OK;
            Calls++;
            if (Throw) throw new HttpRequestException("connection refused");
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}
