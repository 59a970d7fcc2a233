# Build
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/VpnBot.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app --nologo

# Run
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_gcServer=0
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD ["dotnet", "VpnBot.Host.dll", "health"]
# Apply migrations, then start the three bots.
ENTRYPOINT ["sh", "-c", "dotnet VpnBot.Host.dll migrate && exec dotnet VpnBot.Host.dll"]
