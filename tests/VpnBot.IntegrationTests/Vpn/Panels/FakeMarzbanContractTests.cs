using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VpnBot.TestKit.Panels;

namespace VpnBot.IntegrationTests.Vpn.Panels;

/// <summary>The Marzban fake's wire behaviour against the reference (§3), with raw HTTP.</summary>
public class FakeMarzbanContractTests
{
    [Fact]
    public async Task Errors_have_fastapi_shapes_and_statuses()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        using var http = new HttpClient { BaseAddress = panel.Url };

        using var badLogin = await http.PostAsync("api/admin/token", Form("admin", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
        Assert.Equal("Bearer", badLogin.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("Incorrect username or password", (await Body(badLogin))["detail"]!.GetValue<string>());

        using var noToken = await http.GetAsync("api/user/someone");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("Could not validate credentials", (await Body(noToken))["detail"]!.GetValue<string>());

        using var login = await http.PostAsync("api/admin/token", Form(panel.Options.Username, panel.Options.Password));
        var token = (await Body(login))["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var missing = await http.GetAsync("api/user/someone");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("User not found", (await Body(missing))["detail"]!.GetValue<string>());

        var user = new JsonObject { ["username"] = "user_1", ["proxies"] = new JsonObject { ["vless"] = new JsonObject() }, ["expire"] = 1767225600 };
        using var created = await http.PostAsJsonAsync("api/user", user);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var body = await Body(created);
        Assert.StartsWith("vless://", body["links"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("/sub/", body["subscription_url"]!.GetValue<string>(), StringComparison.Ordinal);

        using var duplicate = await http.PostAsJsonAsync("api/user", user);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("User already exists", (await Body(duplicate))["detail"]!.GetValue<string>());

        user["username"] = "x";
        using var invalid = await http.PostAsJsonAsync("api/user", user);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("username", (await Body(invalid))["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    private static FormUrlEncodedContent Form(string username, string password) => new([new("username", username), new("password", password)]);

    private static async Task<JsonObject> Body(HttpResponseMessage response) => (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
