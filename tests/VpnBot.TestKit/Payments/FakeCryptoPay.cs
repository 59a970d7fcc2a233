using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Payments;

/// <summary>
/// Crypto Pay API on loopback: <c>/api/{method}</c> with the Crypto-Pay-API-Token header, parameters in the
/// query, JSON or form, the {ok, result} envelope, invoices, and webhook bodies signed like the real service
/// (HMAC-SHA-256 keyed with SHA-256 of the token, computed here independently of the product code).
/// </summary>
public sealed class FakeCryptoPay : IAsyncDisposable
{
    public const string DefaultToken = "123456789:AAzQcZWQqQAbsfgPnOLr4FHC8Doa4L7KryC";

    private static readonly HashSet<string> Fiats = ["USD", "EUR", "RUB", "BYN", "UAH", "GBP", "CNY", "KZT", "UZS", "GEL", "TRY", "AMD", "THB", "INR", "BRL", "IDR", "AZN", "AED", "PLN", "ILS"];
    private static readonly HashSet<string> Assets = ["USDT", "TON", "BTC", "ETH", "LTC", "BNB", "TRX", "USDC"];

    private readonly object _gate = new();
    private readonly Dictionary<long, JsonObject> _invoices = [];
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private long _nextInvoiceId = 1000;
    private long _nextUpdateId;

    private FakeCryptoPay(string token) => Token = token;

    public string Token { get; }

    /// <summary>The value for Payments:CryptoPay:ApiBaseUrl.</summary>
    public string ApiBaseUrl { get; private set; } = "";

    public bool Down { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int InvoiceCount
    {
        get { lock (_gate) return _invoices.Count; }
    }

    public static async Task<FakeCryptoPay> StartAsync(string token = DefaultToken)
    {
        var fake = new FakeCryptoPay(token);
        var (app, baseAddress) = await LoopbackServer.StartAsync(fake.Map);
        fake._app = app;
        fake.ApiBaseUrl = new Uri(baseAddress, "api/").ToString();
        return fake;
    }

    public JsonObject Invoice(long id)
    {
        lock (_gate) return (JsonObject)_invoices[id].DeepClone();
    }

    /// <summary>The customer paid the invoice in <paramref name="asset"/>.</summary>
    public void MarkPaid(long invoiceId, string asset = "USDT", string paidAmount = "3.21")
    {
        lock (_gate)
        {
            var invoice = _invoices[invoiceId];
            invoice["status"] = "paid";
            invoice["paid_at"] = Now();
            invoice["paid_asset"] = asset;
            invoice["paid_amount"] = paidAmount;
            invoice["paid_usd_rate"] = "1.00";
            invoice["paid_fiat_rate"] = "93.15";
            invoice["fee_asset"] = asset;
            invoice["fee_amount"] = "0.03";
            invoice["paid_anonymously"] = false;
        }
    }

    public void Expire(long invoiceId)
    {
        lock (_gate) _invoices[invoiceId]["status"] = "expired";
    }

    /// <summary>Rewrites the invoiced price (to forge a mis-priced invoice_paid that still carries a valid signature).</summary>
    public void SetPrice(long invoiceId, string amount, string fiat)
    {
        lock (_gate)
        {
            _invoices[invoiceId]["amount"] = amount;
            _invoices[invoiceId]["fiat"] = fiat;
        }
    }

    /// <summary>An invoice_paid update exactly as Crypto Pay POSTs it, and its crypto-pay-api-signature header.</summary>
    public (byte[] Body, string Signature) Webhook(long invoiceId)
    {
        JsonObject invoice;
        lock (_gate) invoice = (JsonObject)_invoices[invoiceId].DeepClone();
        var update = new JsonObject
        {
            ["update_id"] = Interlocked.Increment(ref _nextUpdateId),
            ["update_type"] = "invoice_paid",
            ["request_date"] = Now(),
            ["payload"] = invoice,
        };
        var body = Encoding.UTF8.GetBytes(update.ToJsonString());
        return (body, Sign(Token, body));
    }

    /// <summary>lowercase hex HMAC-SHA-256(key = SHA-256(token), message = body).</summary>
    public static string Sign(string token, byte[] body)
    {
        using var hmac = new HMACSHA256(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        return Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        app.Map("/api/{method}", async context =>
        {
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
            var method = (string)context.Request.RouteValues["method"]!;
            Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, null, body));
            if (Down)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("503 Service Temporarily Unavailable");
                return;
            }
            if (context.Request.Headers["Crypto-Pay-API-Token"].ToString() != Token)
            {
                await WriteAsync(context, 401, Failure(401, "UNAUTHORIZED"));
                return;
            }
            var args = Parameters(context.Request, body);
            var (status, response) = method switch
            {
                "getMe" => (200, Success(new JsonObject { ["app_id"] = 1, ["name"] = "VpnBot test", ["payment_processing_bot_username"] = "CryptoTestnetBot" })),
                "createInvoice" => CreateInvoice(args),
                "getInvoices" => GetInvoices(args),
                _ => (405, Failure(405, "METHOD_NOT_FOUND")),
            };
            await WriteAsync(context, status, response);
        });
    }

    private (int, JsonObject) CreateInvoice(Dictionary<string, string> a)
    {
        var currencyType = a.GetValueOrDefault("currency_type", "crypto");
        if (currencyType == "fiat" && !Fiats.Contains(a.GetValueOrDefault("fiat", ""))) return (400, Failure(400, "FIAT_INVALID"));
        if (currencyType == "crypto" && !Assets.Contains(a.GetValueOrDefault("asset", ""))) return (400, Failure(400, "ASSET_INVALID"));
        if (currencyType is not ("fiat" or "crypto")) return (400, Failure(400, "CURRENCY_TYPE_INVALID"));
        if (!decimal.TryParse(a.GetValueOrDefault("amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return (400, Failure(400, "AMOUNT_INVALID"));
        if (a.GetValueOrDefault("payload", "").Length > 4096) return (400, Failure(400, "PAYLOAD_TOO_LONG"));
        if (a.GetValueOrDefault("description", "").Length > 1024) return (400, Failure(400, "DESCRIPTION_TOO_LONG"));

        var id = Interlocked.Increment(ref _nextInvoiceId);
        var hash = "IV" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var invoice = new JsonObject
        {
            ["invoice_id"] = id,
            ["hash"] = hash,
            ["currency_type"] = currencyType,
            ["amount"] = a["amount"],
            ["status"] = "active",
            ["bot_invoice_url"] = $"https://t.me/CryptoTestnetBot?start={hash}",
            ["mini_app_invoice_url"] = $"https://t.me/CryptoTestnetBot/app?startapp=invoice-{hash}",
            ["web_app_invoice_url"] = $"https://testnet-app.send.tg/invoices/{hash}",
            ["description"] = a.GetValueOrDefault("description"),
            ["created_at"] = Now(),
            ["allow_comments"] = a.GetValueOrDefault("allow_comments", "true") == "true",
            ["allow_anonymous"] = a.GetValueOrDefault("allow_anonymous", "true") == "true",
        };
        if (currencyType == "fiat") invoice["fiat"] = a["fiat"];
        else invoice["asset"] = a["asset"];
        if (a.TryGetValue("payload", out var payload)) invoice["payload"] = payload;
        if (a.TryGetValue("accepted_assets", out var accepted)) invoice["accepted_assets"] = new JsonArray([.. accepted.Split(',').Select(x => (JsonNode)JsonValue.Create(x.Trim()))]);
        if (a.TryGetValue("expires_in", out var expires) && int.TryParse(expires, CultureInfo.InvariantCulture, out var seconds))
            invoice["expiration_date"] = DateTimeOffset.UtcNow.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        lock (_gate) _invoices[id] = invoice;
        return (200, Success(invoice.DeepClone()));
    }

    private (int, JsonObject) GetInvoices(Dictionary<string, string> a)
    {
        var items = new JsonArray();
        lock (_gate)
        {
            IEnumerable<JsonObject> selected = _invoices.Values;
            if (a.TryGetValue("invoice_ids", out var ids))
            {
                var wanted = ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();
                selected = selected.Where(i => wanted.Contains(i["invoice_id"]!.GetValue<long>()));
            }
            if (a.TryGetValue("status", out var status)) selected = selected.Where(i => i["status"]!.GetValue<string>() == status);
            foreach (var invoice in selected) items.Add(invoice.DeepClone());
        }
        return (200, Success(new JsonObject { ["items"] = items }));
    }

    /// <summary>Crypto Pay accepts parameters as query string, JSON or form; all become strings here.</summary>
    private static Dictionary<string, string> Parameters(HttpRequest request, string body)
    {
        var result = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true && body.Length > 0)
        {
            foreach (var (key, value) in JsonNode.Parse(body)!.AsObject())
            {
                if (value is null) continue;
                result[key] = value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.ToJsonString(),
                };
            }
        }
        else if (request.HasFormContentType)
        {
            foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                result[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
            }
        }
        return result;
    }

    private static JsonObject Success(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Failure(int code, string name) => new() { ["ok"] = false, ["error"] = new JsonObject { ["code"] = code, ["name"] = name } };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
