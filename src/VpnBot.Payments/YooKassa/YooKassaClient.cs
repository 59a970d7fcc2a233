using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using VpnBot.Core.Payments;

namespace VpnBot.Payments.YooKassa;

/// <summary>
/// YooKassa API v3 over a typed HttpClient (timeouts and retries come from the resilience handler).
/// Every POST carries an Idempotence-Key chosen by the caller, so a retried request returns the original object.
/// </summary>
internal sealed class YooKassaClient(HttpClient http, IOptionsMonitor<YooKassaOptions> options)
{
    public Task<YooKassaPayment> CreatePaymentAsync(YooKassaCreatePayment request, string idempotenceKey, CancellationToken ct) =>
        SendAsync<YooKassaPayment>(HttpMethod.Post, "payments", request, idempotenceKey, ct);

    public Task<YooKassaPayment> GetPaymentAsync(string paymentId, CancellationToken ct) =>
        SendAsync<YooKassaPayment>(HttpMethod.Get, "payments/" + Uri.EscapeDataString(paymentId), null, null, ct);

    public Task<YooKassaRefund> CreateRefundAsync(YooKassaCreateRefund request, string idempotenceKey, CancellationToken ct) =>
        SendAsync<YooKassaRefund>(HttpMethod.Post, "refunds", request, idempotenceKey, ct);

    public Task<YooKassaRefund> GetRefundAsync(string refundId, CancellationToken ct) =>
        SendAsync<YooKassaRefund>(HttpMethod.Get, "refunds/" + Uri.EscapeDataString(refundId), null, null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotenceKey, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(method, new Uri(BaseUri(o), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.ShopId}:{o.SecretKey}")));
        if (idempotenceKey is not null) request.Headers.Add("Idempotence-Key", idempotenceKey);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: YooKassaJson.Options);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new PaymentGatewayException($"YooKassa {method} {path.Split('/')[0]}: no answer ({e.GetType().Name})", null, null, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, method, path, ct);
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(YooKassaJson.Options, ct)
                    ?? throw new PaymentGatewayException("YooKassa returned an empty body", (int)response.StatusCode, null);
            }
            catch (JsonException e)
            {
                throw new PaymentGatewayException("YooKassa returned malformed JSON", (int)response.StatusCode, null, e);
            }
        }
    }

    private static async Task<PaymentGatewayException> ErrorAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken ct)
    {
        YooKassaError? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<YooKassaError>(YooKassaJson.Options, ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not YooKassa's error JSON (a proxy page, an empty 503): the status code says enough.
        }
        var status = (int)response.StatusCode;
        var what = $"YooKassa {method} {path.Split('/')[0]} answered {status}";
        if (error?.Code is not null) what += $" {error.Code}";
        if (error?.Description is not null) what += $": {error.Description}";
        if (error?.Parameter is not null) what += $" ({error.Parameter})";
        return new PaymentGatewayException(what, status, error?.Code);
    }

    private static Uri BaseUri(YooKassaOptions o) => new(o.ApiBaseUrl.EndsWith('/') ? o.ApiBaseUrl : o.ApiBaseUrl + "/");
}
