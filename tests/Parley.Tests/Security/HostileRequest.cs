using System.Text;
using CsCheck;
using static Parley.Tests.Security.HostileInputs;

namespace Parley.Tests.Security;

/// <summary>One generated request: method, raw path and query, headers, body and which credential it carries.</summary>
internal sealed record HostileRequest(string Method, string Target, byte[]? Body, string? ContentType, (string Name, string Value)[] Headers, string Credential)
{
    public override string ToString() =>
        $"{Method} {Target} [{Credential}] {ContentType} {string.Join(' ', Headers.Select(h => $"{h.Name}: {h.Value}"))} "
        + (Body is null ? "" : Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)]));

    /// <summary>
    /// Requests aimed at every route. <paramref name="thread"/> has <paramref name="member"/> in it and
    /// <paramref name="other"/> does not; <paramref name="stranger"/> is in neither.
    /// </summary>
    public static Gen<HostileRequest> For(string thread, string other, string member, string stranger)
    {
        var user = Username(member, stranger);
        var id = Gen.Frequency(
            (4, Gen.Const(thread)), (2, Gen.Const(other)), (1, Gen.Guid.Select(g => g.ToString())),
            (1, Gen.OneOf(Gen.Const(thread.ToUpperInvariant()), Gen.Const("{" + thread + "}"), Gen.Const(thread.Replace("-", "", StringComparison.Ordinal)))),
            (3, PathSegment));
        var seq = Gen.Frequency((3, Number), (1, PathSegment));
        var query = Gen.Select(Gen.OneOf("limit", "before_seq", "after_seq", "cursor", "user", "access_token", "x"), Gen.Frequency((2, Number), (2, Segment), (1, user)))
            .Array[0, 3].Select(pairs => pairs.Length == 0 ? "" : "?" + string.Join('&', pairs.Select(p => $"{p.Item1}={Escape(Encoding.UTF8.GetBytes(p.Item2))}")));
        var users = Field(user.Select(Quote).Array[0, 5].Select(u => $"[{string.Join(',', u)}]"));

        Gen<HostileRequest> Route(string method, Gen<string> target, Gen<string>? body = null) => RouteAny(Gen.Const(method), target, body);

        Gen<HostileRequest> RouteAny(Gen<string> methods, Gen<string> target, Gen<string>? body = null) =>
            from method in methods
            from t in target
            from b in body is null ? Gen.Const((byte[]?)null) : Bodies(body)
            from contentType in b is null ? Gen.Const((string?)null) : ContentTypes
            from headers in HeaderSets
            from credential in Credentials
            select new HostileRequest(method, t, b, contentType, headers, credential);

        return Gen.OneOf(
            Route("POST", Gen.Const("/v1/threads"), Json(("users", users), ("title", Field(Text.Select(Quote))))),
            Route("GET", query.Select(q => "/v1/threads" + q)),
            Route("GET", Gen.Select(id, query).Select(p => $"/v1/threads/{p.Item1}{p.Item2}")),
            Route("POST", id.Select(i => $"/v1/threads/{i}/messages"), Json(("text", Field(Text.Select(Quote))), ("username", Field(user.Select(Quote))))),
            Route("GET", Gen.Select(id, query).Select(p => $"/v1/threads/{p.Item1}/messages{p.Item2}")),
            Route("GET", Gen.Select(id, seq).Select(p => $"/v1/threads/{p.Item1}/messages/{p.Item2}")),
            Route("PUT", id.Select(i => $"/v1/threads/{i}/read"), Json(("seq", Field(Number)), ("username", Field(user.Select(Quote))))),
            Route("GET", Gen.Select(id, query).Select(p => $"/v1/threads/{p.Item1}/events{p.Item2}")),
            Route("GET", query.Select(q => "/v1/events" + q)),
            Route("POST", Gen.Const("/v1/tokens"), Json(("username", Field(user.Select(Quote))), ("expires_in", Field(Number)))),
            Route("POST", Gen.Const("/v1/dev/tokens"), Json(("username", Field(user.Select(Quote))))),
            Route("POST", Gen.Const("/thread"), Json(("users", users))),
            Route("POST", Gen.Select(id, user).Select(p => $"/thread/{p.Item1}/{Escape(Encoding.UTF8.GetBytes(p.Item2)).Replace("%00", "", StringComparison.Ordinal)}"), Json(("message", Field(Text.Select(Quote))))),
            Route("GET", id.Select(i => $"/thread/{i}")),
            // Not /openapi/v1.json: it is built afresh on every request (tens of milliseconds), which
            // would dominate the run; it reads nothing from the request but its method and path.
            Route("GET", Gen.OneOf("/health/live", "/health/ready")),
            RouteAny(Gen.OneOf("DELETE", "PATCH", "PUT", "GET", "OPTIONS", "HEAD"), Gen.Select(id, query).Select(p => $"/v1/threads/{p.Item1}/read{p.Item2}"), Json(("seq", Number))),
            Route("GET", PathSegment.Select(s => s.Length == 0 ? "-" : s).Array[1, 4].Select(s => "/" + string.Join('/', s))));
    }

    /// <summary>A JSON object with some of the route's fields (and unknown ones), sometimes broken on purpose.</summary>
    private static Gen<string> Json(params (string Name, Gen<string> Value)[] fields) =>
        Gen.Bool.Array[fields.Length].SelectMany(keep =>
            Gen.Select(fields.Select(f => f.Value).Aggregate(Gen.Const(Array.Empty<string>()), (all, next) => Gen.Select(all, next).Select(p => (string[])[.. p.Item1, p.Item2])),
                Gen.Frequency((4, Gen.Const("")), (1, Gen.Select(Text, JsonValue(1)).Select(p => $",{Quote(p.Item1)}:{p.Item2}"))))
            .Select(p => "{" + string.Join(',', fields.Select((f, i) => keep[i] || i == 0 ? $"{Quote(f.Name)}:{p.Item1[i]}" : null).Where(f => f is not null)) + p.Item2 + "}"));

    private static Gen<byte[]?> Bodies(Gen<string> json) => Gen.Frequency(
        (10, json.Select(j => (byte[]?)Encoding.UTF8.GetBytes(j))),
        (4, json.SelectMany(j => Mutate(Encoding.UTF8.GetBytes(j))).Select(b => (byte[]?)b)),
        (2, Gen.Select(json, Trailer).Select(p => (byte[]?)Encoding.UTF8.GetBytes(p.Item1 + p.Item2))),
        (1, Nested.Select(j => (byte[]?)Encoding.UTF8.GetBytes(j))),
        (1, Gen.OneOf("null", "[]", "1", "\"text\"", "", " ", "{", "{}", "{\"text\":\"a\",\"text\":\"b\"}").Select(j => (byte[]?)Encoding.UTF8.GetBytes(j))),
        (1, Gen.Const<byte[]?>(Encoding.UTF8.GetBytes("{\"text\":\"" + new string('a', 70_000) + "\"}"))),
        (1, Gen.Const((byte[]?)null)));

    private static readonly Gen<string?> ContentTypes = Gen.Frequency(
        (8, Gen.Const<string?>("application/json")),
        (1, Gen.OneOf<string?>("application/json; charset=utf-8", "application/problem+json", "text/plain", "application/x-www-form-urlencoded",
            "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/jsonx", "*/*")),
        (1, HeaderValue.Select(v => (string?)v)),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<(string, string)[]> HeaderSets = Gen.Frequency(
        (5, Gen.Const(Array.Empty<(string, string)>())),
        (1, Gen.Select(Gen.OneOf("Idempotency-Key", "Last-Event-ID", "Accept", "X-Forwarded-For", "Origin"), Gen.Frequency((1, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (3, HeaderValue))).Array[1, 3]));

    private static readonly Gen<string> Credentials = Gen.Frequency(
        (4, Gen.Const("service")), (3, Gen.Const("member")), (1, Gen.Const("stranger")), (1, Gen.Const("none")),
        (1, HeaderValue.Select(v => "raw:" + v)));
}
