using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Parley;
using Parley.Auth;
using Parley.Compat;
using Parley.Errors;
using Parley.Events;
using Parley.Http;
using Parley.Idempotency;
using Parley.Info;
using Parley.Messages;
using Parley.Operations;
using Parley.Storage;
using Parley.Threads;
using Parley.Web;

// Settings files and the web client are found beside Parley.dll, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Resolve(args) });

// Options: each validated at start-up; a bad setting stops the server with its name.
builder.Services.AddOptions<ParleyOptions>().BindConfiguration(ParleyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ExpensiveReadOptions>().BindConfiguration(ExpensiveReadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<StreamLimitOptions>().BindConfiguration(StreamLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<CompatOptions>().BindConfiguration(CompatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<LogFileOptions>().BindConfiguration(LogFileOptions.Section).ValidateDataAnnotations().ValidateOnStart();

builder.Logging.AddParleyLogFile();
// The framework's per-request lines stay quiet even when no appsettings.json is found (a
// server started from another directory); the request log already has one line per request.
if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
{
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
}

builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    kestrel.AddServerHeader = false;
    ServerLimits.Apply(context.Configuration, kestrel.Limits);
});

// Services.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.TypeInfoResolverChain.Insert(0, ParleyJsonContext.Default);
    json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    json.SerializerOptions.Converters.Add(new UtcMillisecondsConverter());
    // Numbers are numbers: bodies are read strictly (a quoted "3" is a 400), and the OpenAPI
    // document is generated from these options, so it must not offer strings for integers.
    json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
    // Fewer \u escapes (accents, most scripts): bodies are JSON, never inlined into HTML.
    // Characters outside the Basic Multilingual Plane, such as emoji, are still escaped.
    json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ExceptionMapping>();
builder.Services.AddParleyStore(builder.Configuration);
builder.Services.AddParleyAuth();
builder.Services.AddParleyRateLimiting();
builder.Services.AddSingleton<UserHasher>();
builder.Services.AddSingleton<SeedBodyCache>();
builder.Services.AddSingleton<InboxCursors>();
builder.Services.AddHostedService<KeyPurger>();
builder.Services.AddParleyLiveEvents(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddParleyOpenApi();
builder.Services.AddParleyCors();

var app = builder.Build();

// Settings first: a bad one must stop the server before it touches the database.
app.Services.GetRequiredService<IStartupValidator>().Validate();
app.Services.GetRequiredService<DataDirectory>().Secure();
if (args is ["migrate", ..])
{
    // `dotnet Parley.dll migrate`: apply the schema migrations and exit, serving nothing.
    await app.Services.GetRequiredService<IParleyStore>().MigrateAsync(CancellationToken.None);
    Console.WriteLine("The database schema is up to date.");
    await app.DisposeAsync();
    return;
}

if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.AutoMigrate)
{
    await app.Services.GetRequiredService<IParleyStore>().MigrateAsync(app.Lifetime.ApplicationStopping);
}

// Middleware.
app.UseMiddleware<SecurityHeaders>();
app.UseMiddleware<RequestLog>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<DotSegments>();
app.UseWebClient();
app.UseApiReferencePolicy();
app.UseParleyCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseParleyRateLimiting();

// Endpoints.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapParleyDocs();
app.MapInfo();
app.MapTokens();
app.MapThreads();
app.MapMessages();
app.MapSeedRoutes();
app.MapEvents();

await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
