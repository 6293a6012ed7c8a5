using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>
/// Creates the benchmark's threads and messages through the API with the service key, and
/// writes what the cases need into --dir: token (a user token for the bench user),
/// threads-many.txt (the spread of threads), and one file per named thread.
/// </summary>
internal static class Setup
{
    public const string User = "bench";

    public static async Task<int> RunAsync(Options o)
    {
        var directory = o.Text("dir");
        Directory.CreateDirectory(directory);
        using var api = new Api(o.Text("base"), o.Text("service-key"));

        var token = await api.MintTokenAsync(User);
        await File.WriteAllTextAsync(Path.Combine(directory, "token"), token);

        // The spread: the bench user with one peer each, so bench's inbox holds all of them.
        var count = o.Int("threads", 1000);
        var many = await Parallel(count, i => api.CreateThreadAsync($"peer-{i:D4}"));
        await File.WriteAllLinesAsync(Path.Combine(directory, "threads-many.txt"), many);

        // Named threads: --named "hot:0,read-1000:1000,read-10:10,live:0" (name:messages).
        foreach (var spec in (o.TextOrNull("named") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, messages) = (spec.Split(':')[0], int.Parse(spec.Split(':')[1], CultureInfo.InvariantCulture));
            var id = await api.CreateThreadAsync($"peer-{name}");
            await Parallel(messages, i => api.SendAsync(id, i % 2 == 0 ? User : $"peer-{name}", $"Message {i + 1} of the {name} thread"));
            await File.WriteAllTextAsync(Path.Combine(directory, $"thread-{name}.txt"), id + "\n");
        }

        Console.WriteLine($"  set up {count} threads and {o.TextOrNull("named") ?? "no named threads"}");
        return 0;
    }

    private static async Task<List<T>> Parallel<T>(int count, Func<int, Task<T>> work)
    {
        var results = new T[count];
        await System.Threading.Tasks.Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => results[i] = await work(i));
        return [.. results];
    }

    private sealed class Api : IDisposable
    {
        private readonly HttpClient _http;

        public Api(string baseUrl, string serviceKey)
        {
            _http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        }

        public async Task<string> MintTokenAsync(string username) =>
            (await PostAsync("/v1/tokens", new { username, expires_in = 86400 })).GetProperty("token").GetString()!;

        public async Task<string> CreateThreadAsync(string peer) =>
            (await PostAsync("/v1/threads", new { users = new[] { User, peer } })).GetProperty("id").GetString()!;

        public async Task<long> SendAsync(string threadId, string username, string text) =>
            (await PostAsync($"/v1/threads/{threadId}/messages", new { username, text })).GetProperty("seq").GetInt64();

        private async Task<JsonElement> PostAsync(string path, object body)
        {
            using var response = await _http.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {text}");
            }

            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }

        public void Dispose() => _http.Dispose();
    }
}
