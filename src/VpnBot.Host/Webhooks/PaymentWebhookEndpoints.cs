using VpnBot.Payments.Webhooks;

namespace VpnBot.Host.Webhooks;

/// <summary>
/// Payment provider notifications. The handlers verify before they trust (YooKassa: source address
/// allow-list and a re-read of the payment from the API; Crypto Pay: HMAC over the raw body) and are
/// idempotent; this layer only buffers the body within a size limit and relays the verdict.
/// </summary>
public static class PaymentWebhookEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/payments/yookassa", async (HttpContext http, YooKassaWebhookHandler handler) =>
        {
            var body = await ReadBodyAsync(http.Request, http.RequestAborted);
            if (body is null) return Results.Text("body too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            var result = await handler.HandleAsync(http.Connection.RemoteIpAddress, body.Value, http.RequestAborted);
            return Results.Text(result.Reason, statusCode: result.StatusCode);
        });
        app.MapPost("/webhooks/payments/cryptopay", async (HttpContext http, CryptoPayWebhookHandler handler) =>
        {
            var body = await ReadBodyAsync(http.Request, http.RequestAborted);
            if (body is null) return Results.Text("body too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            var signature = http.Request.Headers["crypto-pay-api-signature"].ToString();
            var result = await handler.HandleAsync(signature, body.Value, http.RequestAborted);
            return Results.Text(result.Reason, statusCode: result.StatusCode);
        });
        return app;
    }

    /// <summary>The exact bytes received (signatures are over them), or null when over the limit.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
