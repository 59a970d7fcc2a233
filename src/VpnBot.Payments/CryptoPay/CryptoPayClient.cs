using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using VpnBot.Core.Payments;

namespace VpnBot.Payments.CryptoPay;

/// <summary>Crypto Pay API over a typed HttpClient; the token travels only in the Crypto-Pay-API-Token header.</summary>
internal sealed class CryptoPayClient(HttpClient http, IOptionsMonitor<CryptoPayOptions> options)
{
    public Task<CryptoPayInvoice> CreateInvoiceAsync(CryptoPayCreateInvoice request, CancellationToken ct) =>
        SendAsync<CryptoPayInvoice>(HttpMethod.Post, "createInvoice", request, ct);

    public async Task<CryptoPayInvoice?> GetInvoiceAsync(long invoiceId, CancellationToken ct)
    {
        var list = await SendAsync<CryptoPayInvoiceList>(HttpMethod.Get,
            "getInvoices?invoice_ids=" + invoiceId.ToString(CultureInfo.InvariantCulture), null, ct);
        return list.Items.FirstOrDefault(i => i.InvoiceId == invoiceId);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, object? body, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var baseUri = new Uri(o.ApiBaseUrl.EndsWith('/') ? o.ApiBaseUrl : o.ApiBaseUrl + "/");
        using var request = new HttpRequestMessage(method, new Uri(baseUri, pathAndQuery));
        request.Headers.Add("Crypto-Pay-API-Token", o.Token);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: CryptoPayJson.Options);
        var apiMethod = pathAndQuery.Split('?')[0];

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new PaymentGatewayException($"Crypto Pay {apiMethod}: no answer ({e.GetType().Name})", null, null, e);
        }
        using (response)
        {
            CryptoPayEnvelope<T>? envelope;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync<CryptoPayEnvelope<T>>(CryptoPayJson.Options, ct);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                throw new PaymentGatewayException($"Crypto Pay {apiMethod} answered {(int)response.StatusCode} without its JSON envelope",
                    (int)response.StatusCode, null, e);
            }
            if (envelope is { Ok: true, Result: { } result }) return result;
            var status = envelope?.Error?.Code is > 0 and var code ? code : (int)response.StatusCode;
            throw new PaymentGatewayException($"Crypto Pay {apiMethod} failed: {status} {envelope?.Error?.Name}", status, envelope?.Error?.Name);
        }
    }
}
