using System.Net;
using System.Text.Json.Nodes;
using VpnBot.TestKit.Panels;

namespace VpnBot.IntegrationTests.Vpn.Panels;

/// <summary>
/// The fake's wire behaviour, checked with raw HTTP against the reference (§1.1–1.7), so a fake that
/// drifts from the real panel fails here rather than hiding a client bug.
/// </summary>
public class FakeThreeXUiContractTests
{
    [Theory]
    [InlineData(FakeThreeXUiGeneration.V2_8_3, false, HttpStatusCode.TemporaryRedirect)]
    [InlineData(FakeThreeXUiGeneration.V2_8_3, true, HttpStatusCode.Unauthorized)]
    [InlineData(FakeThreeXUiGeneration.V2_8_4, false, HttpStatusCode.NotFound)]
    [InlineData(FakeThreeXUiGeneration.V2_8_4, true, HttpStatusCode.NotFound)]
    [InlineData(FakeThreeXUiGeneration.V3_0, false, HttpStatusCode.NotFound)]
    [InlineData(FakeThreeXUiGeneration.V3_0, true, HttpStatusCode.Unauthorized)]
    [InlineData(FakeThreeXUiGeneration.V3_1, true, HttpStatusCode.Unauthorized)]
    public async Task Unauthenticated_api_calls_get_the_answer_of_their_version(FakeThreeXUiGeneration generation, bool xhr, HttpStatusCode expected)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = generation, BasePath = "/base/" });
        using var http = NoRedirects();
        using var request = new HttpRequestMessage(HttpMethod.Get, panel.Url + "panel/api/inbounds/list");
        if (xhr) request.Headers.Add("X-Requested-With", "XMLHttpRequest");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.TemporaryRedirect) Assert.Equal("/base/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task V2_login_sets_the_3x_ui_cookie_and_wrong_credentials_are_a_200_business_error()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        using var http = NoRedirects();

        using var wrong = await http.PostAsync(panel.Url + "login", Form("admin", "nope"));
        using var right = await http.PostAsync(panel.Url + "login", Form(panel.Options.Username, panel.Options.Password));

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.False((await Envelope(wrong))["success"]!.GetValue<bool>());
        Assert.True((await Envelope(right))["success"]!.GetValue<bool>());
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("3x-ui=", cookie, StringComparison.Ordinal);
        Assert.Contains("HttpOnly", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V3_login_needs_the_sessions_csrf_token_and_unsafe_calls_need_it_too()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_0 });
        using var http = NoRedirects();

        using var withoutToken = await http.PostAsync(panel.Url + "login", Form(panel.Options.Username, panel.Options.Password));
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);

        using var tokenResponse = await http.GetAsync(panel.Url + "csrf-token");
        var token = (await Envelope(tokenResponse))["obj"]!.GetValue<string>();
        var cookie = tokenResponse.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var login = new HttpRequestMessage(HttpMethod.Post, panel.Url + "login") { Content = Form(panel.Options.Username, panel.Options.Password) };
        login.Headers.Add("Cookie", cookie);
        login.Headers.Add("X-CSRF-Token", token);
        using var loggedIn = await http.SendAsync(login);
        Assert.True((await Envelope(loggedIn))["success"]!.GetValue<bool>());

        using var post = new HttpRequestMessage(HttpMethod.Post, panel.Url + "panel/api/inbounds/onlines");
        post.Headers.Add("Cookie", cookie);
        using var unsafeWithoutToken = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Forbidden, unsafeWithoutToken.StatusCode);
    }

    [Fact]
    public async Task Duplicate_emails_and_string_telegram_ids_are_business_errors()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        var client = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(), ["email"] = "dup", ["flow"] = "", ["enable"] = true, ["tgId"] = 1, ["expiryTime"] = 0, ["totalGB"] = 0,
        };

        Assert.Null(panel.AddClientDirectly((JsonObject)client.DeepClone()));
        Assert.StartsWith("Duplicate email", panel.AddClientDirectly((JsonObject)client.DeepClone()), StringComparison.Ordinal);
        var stringTgId = (JsonObject)client.DeepClone();
        stringTgId["email"] = "other";
        stringTgId["tgId"] = "1";
        Assert.Contains("cannot unmarshal", panel.AddClientDirectly(stringTgId), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeThreeXUiGeneration.V3_0, "panel/api/inbounds/addClient", HttpStatusCode.OK)]
    [InlineData(FakeThreeXUiGeneration.V3_1, "panel/api/inbounds/addClient", HttpStatusCode.NotFound)]
    [InlineData(FakeThreeXUiGeneration.V3_0, "panel/api/clients/add", HttpStatusCode.NotFound)]
    [InlineData(FakeThreeXUiGeneration.V3_1, "panel/api/clients/add", HttpStatusCode.OK)]
    public async Task Client_routes_exist_only_in_their_generation(FakeThreeXUiGeneration generation, string route, HttpStatusCode expected)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = generation, ApiToken = "tok" });
        using var http = NoRedirects();
        using var request = new HttpRequestMessage(HttpMethod.Post, panel.Url + route) { Content = new StringContent("{}") };
        request.Headers.Add("Authorization", "Bearer tok");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK) Assert.False((await Envelope(response))["success"]!.GetValue<bool>());
    }

    private static HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private static FormUrlEncodedContent Form(string username, string password) => new([new("username", username), new("password", password)]);

    private static async Task<JsonObject> Envelope(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
