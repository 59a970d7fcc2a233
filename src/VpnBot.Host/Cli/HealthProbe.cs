namespace VpnBot.Host.Cli;

/// <summary>Container health check without curl or wget in the image: asks the running host's readiness endpoint.</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output, TextWriter errors)
    {
        var url = args.Optional("url") ?? "http://127.0.0.1:8080/health/ready";
        args.RejectUnknown();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new CliUsageException($"--url '{url}' is not an absolute URL.");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(uri);
            var body = await response.Content.ReadAsStringAsync();
            await (response.IsSuccessStatusCode ? output : errors).WriteLineAsync($"{(int)response.StatusCode} {body}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await errors.WriteLineAsync("error: " + e.Message);
            return 1;
        }
    }
}
