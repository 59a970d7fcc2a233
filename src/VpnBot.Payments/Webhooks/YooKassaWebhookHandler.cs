using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Payments.YooKassa;

namespace VpnBot.Payments.Webhooks;

/// <summary>
/// <c>POST /webhooks/payments/yookassa</c>. YooKassa does not sign notifications, so the body is only a hint:
/// the source address must be one of YooKassa's, and the payment (or refund) is re-read from the API; only
/// that answer's status, amount and currency are acted on. 200 tells YooKassa to stop redelivering; 5xx
/// makes it try again (for up to 24 hours) when we could not verify or record the event.
/// </summary>
public sealed class YooKassaWebhookHandler
{
    private readonly YooKassaGateway _gateway;
    private readonly PaymentService _payments;
    private readonly IOptionsMonitor<YooKassaOptions> _options;
    private readonly ILogger<YooKassaWebhookHandler> _log;

    public YooKassaWebhookHandler(YooKassaGateway gateway, PaymentService payments, IOptionsMonitor<YooKassaOptions> options, ILogger<YooKassaWebhookHandler> log)
    {
        _gateway = gateway;
        _payments = payments;
        _options = options;
        _log = log;
    }

    public async Task<WebhookResult> HandleAsync(IPAddress? remoteIp, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var result = await HandleCoreAsync(remoteIp, body, ct);
        var level = result.IsSuccess ? LogLevel.Information : result.StatusCode >= 500 ? LogLevel.Error : LogLevel.Warning;
        _log.Log(level, "YooKassa notification from {RemoteIp}: {Status} {Reason}", remoteIp, result.StatusCode, result.Reason);
        return result;
    }

    private async Task<WebhookResult> HandleCoreAsync(IPAddress? remoteIp, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var options = _options.CurrentValue;
        if (!options.IsConfigured) return WebhookResult.NotFound("YooKassa is not configured");
        if (!IpAllowList.Parse(options.EffectiveNetworks).Contains(remoteIp)) return WebhookResult.Forbidden($"source address {remoteIp} is not in the allow-list");
        if (!TryParse(body, out var eventName, out var objectId, out var problem)) return WebhookResult.BadRequest(problem);

        var eventKey = eventName switch
        {
            "payment.succeeded" => PaymentEventKeys.Paid(objectId),
            "payment.canceled" => PaymentEventKeys.Canceled(objectId),
            "refund.succeeded" => PaymentEventKeys.Refund(objectId),
            _ => null,
        };
        if (eventKey is not null && await _payments.IsProcessedAsync(PaymentMethods.YooKassa, eventKey, ct))
            return WebhookResult.Ok($"{eventName} {objectId}: already processed");

        try
        {
            return eventName switch
            {
                "payment.succeeded" => await PaymentEventAsync(objectId, GatewayPaymentStatus.Succeeded, ct),
                "payment.canceled" => await PaymentEventAsync(objectId, GatewayPaymentStatus.Canceled, ct),
                "refund.succeeded" => await RefundEventAsync(objectId, ct),
                _ => WebhookResult.Ok($"event {eventName} ignored"),
            };
        }
        catch (PaymentGatewayException e)
        {
            return CouldNotReRead(e, eventName, objectId);
        }
        catch (PaymentException e) when (e.InnerException is PaymentGatewayException g)
        {
            return CouldNotReRead(g, eventName, objectId);
        }
    }

    private static WebhookResult CouldNotReRead(PaymentGatewayException e, string eventName, string objectId) => e.IsNotFound
        ? WebhookResult.NotFound($"{eventName} {objectId}: unknown to YooKassa")
        : WebhookResult.Unavailable($"{eventName} {objectId}: could not re-read from YooKassa ({e.Message})");

    private async Task<WebhookResult> PaymentEventAsync(string externalId, GatewayPaymentStatus claimed, CancellationToken ct)
    {
        var outcome = await _payments.ConfirmFromProviderAsync(PaymentMethods.YooKassa, externalId, claimed, ct);
        if (outcome.Kind == PaymentOutcomeKind.ProviderDisagrees) return WebhookResult.BadRequest(outcome.Reason);
        return ToResult(outcome, externalId);
    }

    private async Task<WebhookResult> RefundEventAsync(string refundId, CancellationToken ct)
    {
        var refund = await _gateway.FetchRefundAsync(refundId, ct);
        if (refund.Status != "succeeded") return WebhookResult.BadRequest($"refund {refundId} is {refund.Status} at YooKassa");
        var outcome = await _payments.ApplyRefundAsync(new RefundConfirmation(
            PaymentMethods.YooKassa, PaymentEventKeys.Refund(refund.Id), refund.PaymentId, null, refund.Amount, "refund.succeeded"), ct);
        return ToResult(outcome, refund.PaymentId);
    }

    private static WebhookResult ToResult(PaymentOutcome outcome, string externalId) => outcome.Kind == PaymentOutcomeKind.UnknownPayment
        ? WebhookResult.NotFound($"payment {externalId}: {outcome.Reason}")
        : WebhookResult.Ok($"payment {externalId}: {outcome}");

    private static bool TryParse(ReadOnlyMemory<byte> body, out string eventName, out string objectId, out string problem)
    {
        eventName = objectId = problem = "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "notification"
                || !root.TryGetProperty("event", out var ev) || ev.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object
                || !obj.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
            {
                problem = "not a YooKassa notification (type, event, object.id)";
                return false;
            }
            eventName = ev.GetString()!;
            objectId = id.GetString()!;
            if (objectId.Length > 64 || objectId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')))
            {
                problem = "object.id is not a YooKassa id";
                return false;
            }
            return true;
        }
        catch (JsonException e)
        {
            problem = $"malformed JSON ({e.Message})";
            return false;
        }
    }
}
