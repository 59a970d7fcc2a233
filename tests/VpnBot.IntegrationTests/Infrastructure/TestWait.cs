namespace VpnBot.IntegrationTests.Infrastructure;

public static class TestWait
{
    /// <summary>Polls until the condition holds; fails the test with a clear message after the timeout.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Condition not met within {limit.TotalSeconds:0.#} s{(what is null ? "" : ": " + what)}.");
    }
}
