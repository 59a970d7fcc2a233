using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using VpnBot.Host.Configuration;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>POST /webhooks/telegram/{bot}: only Telegram knows the secret token; anything else is refused.</summary>
public static class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapTelegramWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/telegram/{bot}", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string bot, HttpRequest request, BotDispatchers dispatchers, UpdateInboxes inboxes, IOptions<TelegramOptions> options, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(TelegramWebhookEndpoint));
        var o = options.Value;
        if (o.Mode != TelegramMode.Webhook || !BotKinds.TryParseSlug(bot, out var kind) || !dispatchers.TryGet(kind, out var dispatcher))
            return Results.NotFound();
        if (!SecretMatches(request.Headers[SecretHeader].ToString(), o.WebhookSecret))
        {
            log.LogWarning("Refused a webhook call for the {Bot} bot from {Ip}: bad secret token", kind, request.HttpContext.Connection.RemoteIpAddress);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            log.LogWarning("Refused a malformed webhook update for the {Bot} bot: {Reason}", kind, e.Message);
            return Results.BadRequest();
        }
        if (body.ValueKind != JsonValueKind.Object) return Results.BadRequest();
        if (!UpdateBatchReader.TryDecode(body, out var update, out var reason))
        {
            // Valid JSON we cannot read as an update: answering an error would make Telegram send it
            // again and again, so it is logged and acknowledged, like a poison update when polling.
            log.LogError("Skipped update {UpdateId} of the {Bot} bot: it cannot be read ({Reason})", UpdateBatchReader.UpdateId(body), kind, reason);
            return Results.Ok();
        }
        // 200 acknowledges the update; what must not be lost is saved first, or Telegram is asked to send it again.
        if (!await inboxes.SaveAsync(kind, update, ct)) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        await dispatcher.EnqueueAsync(update, ct);
        return Results.Ok();
    }

    private static bool SecretMatches(string given, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
