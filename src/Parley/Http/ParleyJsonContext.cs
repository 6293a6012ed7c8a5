using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Parley.Auth;
using Parley.Compat;
using Parley.Info;
using Parley.Messages;
using Parley.Threads;

namespace Parley.Http;

/// <summary>Source-generated JSON for every body Parley reads or writes: no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcMillisecondsConverter)])]
[JsonSerializable(typeof(CreateThreadRequest))]
[JsonSerializable(typeof(ThreadResponse))]
[JsonSerializable(typeof(ThreadListResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(MessagePageResponse))]
[JsonSerializable(typeof(ReadPositionRequest))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(SeedCreateThreadRequest))]
[JsonSerializable(typeof(SeedThreadCreated))]
[JsonSerializable(typeof(SeedPostRequest))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ParleyJsonContext : JsonSerializerContext;
