using VpnBot.Host.Cli;
using VpnBot.Host.Composition;
using VpnBot.Host.Configuration;

// Operator verbs (migrate, create-admin, server, plan) run and exit without starting the bots.
if (CliCommands.IsCommand(args)) return await CliCommands.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
if (StartupConfiguration.FindProblem(builder.Configuration) is { } problem)
{
    await Console.Error.WriteLineAsync("Configuration error: " + problem);
    return 2;
}

builder.AddVpnBot();
var app = builder.Build();
app.MapVpnBot();
await app.RunAsync();
return 0;

/// <summary>Entry point; visible to integration tests.</summary>
public partial class Program;
