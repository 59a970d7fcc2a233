using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Payments;

/// <summary>
/// YooKassa API v3 on loopback with the real paths, Basic auth, Idempotence-Key semantics, payment and refund
/// objects and error bodies (reference §6). Tests drive the customer's side through <see cref="Succeed"/> /
/// <see cref="Cancel"/> and build notifications with <see cref="NotificationBody"/>.
/// </summary>
public sealed partial class FakeYooKassa : IAsyncDisposable
{
    public const string DefaultShopId = "123456";
    public const string DefaultSecretKey = "test_secret_key_not_real";

    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _payments = [];
    private readonly Dictionary<string, JsonObject> _refunds = [];
    private readonly Dictionary<string, (string Body, int Status, string Response)> _idempotence = [];
    private readonly HashSet<string> _savedMethods = [];
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private int _failNext;

    private FakeYooKassa(string shopId, string secretKey)
    {
        ShopId = shopId;
        SecretKey = secretKey;
    }

    public string ShopId { get; }

    public string SecretKey { get; }

    /// <summary>The value for Payments:YooKassa:ApiBaseUrl.</summary>
    public string ApiBaseUrl { get; private set; } = "";

    /// <summary>While true every request gets 503 (YooKassa down).</summary>
    public bool Down { get; set; }

    /// <summary>Reject creations without a 54-FZ receipt, like a shop with online receipts enabled.</summary>
    public bool RequireReceipt { get; set; }

    /// <summary>
    /// Every paid card comes back saved, whether the shop asked or not (the customer ticked "remember the card" on
    /// YooKassa's page): what the shop must not keep without the customer's consent at its own checkout.
    /// </summary>
    public bool SaveCardsUnasked { get; set; }

    /// <summary>Saved methods whose charges are declined (canceled, insufficient_funds).</summary>
    public ConcurrentDictionary<string, bool> DecliningMethods { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int PaymentCount
    {
        get { lock (_gate) return _payments.Count; }
    }

    public static async Task<FakeYooKassa> StartAsync(string shopId = DefaultShopId, string secretKey = DefaultSecretKey)
    {
        var fake = new FakeYooKassa(shopId, secretKey);
        var (app, baseAddress) = await LoopbackServer.StartAsync(fake.Map);
        fake._app = app;
        fake.ApiBaseUrl = new Uri(baseAddress, "v3/").ToString();
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests are processed but answered 500: the caller cannot know the outcome.</summary>
    public void FailNextResponsesAfterProcessing(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Registers a card as saved (as if an earlier payment saved it).</summary>
    public void AddSavedMethod(string paymentMethodId)
    {
        lock (_gate) _savedMethods.Add(paymentMethodId);
    }

    public JsonObject Payment(string id)
    {
        lock (_gate) return (JsonObject)_payments[id].DeepClone();
    }

    public IReadOnlyList<JsonObject> Payments()
    {
        lock (_gate) return [.. _payments.Values.Select(p => (JsonObject)p.DeepClone())];
    }

    public IReadOnlyList<JsonObject> Refunds()
    {
        lock (_gate) return [.. _refunds.Values.Select(r => (JsonObject)r.DeepClone())];
    }

    /// <summary>The customer paid: status succeeded; a card requested to be saved becomes saved.</summary>
    public void Succeed(string id)
    {
        lock (_gate)
        {
            var p = _payments[id];
            p["status"] = "succeeded";
            p["paid"] = true;
            p["refundable"] = true;
            p["captured_at"] = Now();
            var method = (JsonObject?)p["payment_method"] ?? NewCard(saved: false);
            if (p["_save_requested"]?.GetValue<bool>() == true || SaveCardsUnasked)
            {
                method["saved"] = true;
                _savedMethods.Add(method["id"]!.GetValue<string>());
            }
            p["payment_method"] = method;
        }
    }

    public void Cancel(string id, string reason = "expired_on_confirmation")
    {
        lock (_gate)
        {
            var p = _payments[id];
            p["status"] = "canceled";
            p["paid"] = false;
            p["cancellation_details"] = new JsonObject { ["party"] = "yoo_money", ["reason"] = reason };
        }
    }

    /// <summary>The shop refunded in the YooKassa cabinet (not through our API call); returns the refund id.</summary>
    public string RefundFromCabinet(string paymentId, string amount)
    {
        lock (_gate)
        {
            var currency = _payments[paymentId]["amount"]!["currency"]!.GetValue<string>();
            var (status, body) = CreateRefund(new JsonObject { ["payment_id"] = paymentId, ["amount"] = Amount(amount, currency) });
            if (status != 200) throw new InvalidOperationException(body.ToJsonString());
            return body["id"]!.GetValue<string>();
        }
    }

    /// <summary>Changes what the API reports as paid (to simulate a tampered or mis-priced payment).</summary>
    public void SetAmount(string id, string value, string currency)
    {
        lock (_gate) _payments[id]["amount"] = Amount(value, currency);
    }

    /// <summary>The exact body YooKassa POSTs: {"type":"notification","event":…,"object":{…full object…}}.</summary>
    public string NotificationBody(string @event, string objectId)
    {
        JsonObject obj;
        lock (_gate) obj = (JsonObject)(@event.StartsWith("refund.", StringComparison.Ordinal) ? _refunds[objectId] : _payments[objectId]).DeepClone();
        obj.Remove("_save_requested");
        obj.Remove("_request");
        return new JsonObject { ["type"] = "notification", ["event"] = @event, ["object"] = obj }.ToJsonString();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
            context.Items["body"] = body;
            Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers["Idempotence-Key"].ToString() is { Length: > 0 } key ? key : null, body));
            if (Down)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Service Unavailable");
                return;
            }
            if (!Authorized(context.Request))
            {
                await WriteAsync(context, 401, Error("invalid_credentials", "Authentication by given credentials failed"));
                return;
            }
            await next();
        });
        app.MapPost("/v3/payments", context => Idempotent(context, CreatePayment));
        app.MapGet("/v3/payments/{id}", context => Lookup(context, _payments, "payment"));
        app.MapPost("/v3/refunds", context => Idempotent(context, CreateRefund));
        app.MapGet("/v3/refunds/{id}", context => Lookup(context, _refunds, "refund"));
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])) == $"{ShopId}:{SecretKey}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Same key and body → the original answer; same key, different body → 400 (as the real API refuses it).</summary>
    private async Task Idempotent(HttpContext context, Func<JsonObject, (int Status, JsonObject Body)> create)
    {
        var key = context.Request.Headers["Idempotence-Key"].ToString();
        if (string.IsNullOrEmpty(key) || key.Length > 64)
        {
            await WriteAsync(context, 400, Error("invalid_request", "Idempotence-Key header is required (at most 64 characters)", "Idempotence-Key"));
            return;
        }
        var body = (string)context.Items["body"]!;
        int status;
        string response;
        lock (_gate)
        {
            if (_idempotence.TryGetValue(key, out var earlier))
            {
                (status, response) = earlier.Body == body
                    ? (earlier.Status, earlier.Response)
                    : (400, Error("invalid_request", "Idempotence key was already used with another request").ToJsonString());
            }
            else
            {
                JsonObject? request;
                try
                {
                    request = JsonNode.Parse(body) as JsonObject;
                }
                catch (JsonException)
                {
                    request = null;
                }
                var (s, b) = request is null ? (400, Error("invalid_request", "Request body is not JSON")) : create(request);
                (status, response) = (s, Public(b));
                _idempotence[key] = (body, status, response);
            }
        }
        if (TakeFailure())
        {
            await WriteAsync(context, 500, Error("internal_server_error", "Internal server error"));
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response);
    }

    private (int, JsonObject) CreatePayment(JsonObject r)
    {
        if (Invalid(r["amount"]) is { } amountProblem) return (400, Error("invalid_request", amountProblem, "amount"));
        if (r["metadata"] is not null and not JsonObject) return (400, Error("invalid_request", "metadata must be an object", "metadata"));
        if (RequireReceipt && r["receipt"] is null) return (400, Error("invalid_request", "Receipt is missing or illegal", "receipt"));
        if (r["receipt"] is { } receipt && InvalidReceipt(receipt) is { } receiptProblem) return (400, Error("invalid_request", receiptProblem, "receipt"));

        var id = $"{Guid.NewGuid():D}";
        var payment = new JsonObject
        {
            ["id"] = id,
            ["status"] = "pending",
            ["paid"] = false,
            ["amount"] = r["amount"]!.DeepClone(),
            ["created_at"] = Now(),
            ["description"] = r["description"]?.DeepClone(),
            ["metadata"] = r["metadata"]?.DeepClone() ?? new JsonObject(),
            ["recipient"] = new JsonObject { ["account_id"] = ShopId, ["gateway_id"] = "7890" },
            ["refundable"] = false,
            ["test"] = true,
        };
        if (r["payment_method_id"] is { } methodNode)
        {
            var methodId = methodNode.GetValue<string>();
            if (!_savedMethods.Contains(methodId)) return (400, Error("invalid_request", "Payment method is not saved", "payment_method_id"));
            payment["payment_method"] = new JsonObject { ["type"] = "bank_card", ["id"] = methodId, ["saved"] = true };
            if (DecliningMethods.ContainsKey(methodId))
            {
                payment["status"] = "canceled";
                payment["cancellation_details"] = new JsonObject { ["party"] = "payment_network", ["reason"] = "insufficient_funds" };
            }
            else
            {
                payment["status"] = "succeeded";
                payment["paid"] = true;
                payment["refundable"] = true;
                payment["captured_at"] = Now();
            }
        }
        else
        {
            if (r["confirmation"] is not JsonObject { } confirmation || confirmation["type"]?.GetValue<string>() != "redirect"
                || confirmation["return_url"]?.GetValue<string>() is not { Length: > 0 } returnUrl)
                return (400, Error("invalid_request", "confirmation of type redirect with return_url is required", "confirmation"));
            payment["confirmation"] = new JsonObject
            {
                ["type"] = "redirect",
                ["confirmation_url"] = $"https://yoomoney.ru/checkout/payments/v2/contract?orderId={id}",
                ["return_url"] = returnUrl,
            };
            if (r["save_payment_method"]?.GetValue<bool>() == true)
            {
                payment["payment_method"] = NewCard(saved: false);
                payment["_save_requested"] = true;
            }
        }
        payment["_request"] = r.DeepClone();
        _payments[id] = payment;
        return (200, payment);
    }

    private (int, JsonObject) CreateRefund(JsonObject r)
    {
        var paymentId = r["payment_id"]?.GetValue<string>();
        if (paymentId is null || !_payments.TryGetValue(paymentId, out var payment))
            return (400, Error("invalid_request", "Payment not found", "payment_id"));
        if (Invalid(r["amount"]) is { } amountProblem) return (400, Error("invalid_request", amountProblem, "amount"));
        if (payment["status"]!.GetValue<string>() != "succeeded")
            return (400, Error("invalid_request", "Payment is not succeeded and cannot be refunded", "payment_id"));
        var requested = decimal.Parse(r["amount"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var paid = decimal.Parse(payment["amount"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var refunded = payment["refunded_amount"] is { } ra ? decimal.Parse(ra["value"]!.GetValue<string>(), CultureInfo.InvariantCulture) : 0m;
        if (requested + refunded > paid) return (400, Error("invalid_request", "Refund amount exceeds the payment amount", "amount"));
        var currency = payment["amount"]!["currency"]!.GetValue<string>();
        payment["refunded_amount"] = Amount((requested + refunded).ToString("0.00", CultureInfo.InvariantCulture), currency);
        var id = $"{Guid.NewGuid():D}";
        var refund = new JsonObject
        {
            ["id"] = id,
            ["payment_id"] = paymentId,
            ["status"] = "succeeded",
            ["amount"] = r["amount"]!.DeepClone(),
            ["created_at"] = Now(),
            ["description"] = r["description"]?.DeepClone(),
        };
        _refunds[id] = refund;
        return (200, refund);
    }

    private async Task Lookup(HttpContext context, Dictionary<string, JsonObject> store, string what)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        string? found;
        lock (_gate) found = store.TryGetValue(id, out var obj) ? Public(obj) : null;
        if (found is null)
        {
            await WriteAsync(context, 404, Error("not_found", $"The {what} with id {id} is not found"));
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(found);
    }

    private static string? Invalid(JsonNode? amount)
    {
        if (amount is not JsonObject a) return "amount is required";
        if (a["value"] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !AmountPattern().IsMatch(v.GetValue<string>()))
            return "amount.value must be a string with two decimals";
        if (a["currency"]?.GetValue<string>() is not { Length: 3 }) return "amount.currency must be an ISO 4217 code";
        return null;
    }

    private static string? InvalidReceipt(JsonNode receipt)
    {
        if (receipt["customer"] is not JsonObject customer || (customer["email"] is null && customer["phone"] is null))
            return "receipt.customer.email or phone is required";
        if (receipt["items"] is not JsonArray { Count: > 0 } items) return "receipt.items are required";
        foreach (var item in items)
        {
            if (item?["description"] is null || item["quantity"] is null || Invalid(item["amount"]) is not null
                || item["vat_code"] is null || item["payment_mode"] is null || item["payment_subject"] is null)
                return "receipt item needs description, quantity, amount, vat_code, payment_mode, payment_subject";
        }
        return null;
    }

    private static JsonObject NewCard(bool saved) => new() { ["type"] = "bank_card", ["id"] = $"{Guid.NewGuid():D}", ["saved"] = saved };

    private static JsonObject Amount(string value, string currency) => new() { ["value"] = value, ["currency"] = currency };

    private static JsonObject Error(string code, string description, string? parameter = null)
    {
        var error = new JsonObject { ["type"] = "error", ["id"] = $"{Guid.NewGuid():D}", ["code"] = code, ["description"] = description };
        if (parameter is not null) error["parameter"] = parameter;
        return error;
    }

    private static string Public(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("_save_requested");
        copy.Remove("_request");
        return copy.ToJsonString();
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d+\.\d{2}$")]
    private static partial Regex AmountPattern();

    private bool TakeFailure()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _failNext);
            if (current <= 0) return false;
        }
        while (Interlocked.CompareExchange(ref _failNext, current - 1, current) != current);
        return true;
    }

    /// <summary>The creation request body as received, for tests that check what was sent.</summary>
    public JsonObject? CreateRequestOf(string paymentId)
    {
        lock (_gate) return _payments.TryGetValue(paymentId, out var p) ? (JsonObject?)p["_request"]?.DeepClone() : null;
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string? IdempotenceKey, string Body);
