namespace Parley.Auth;

/// <summary>Marks the routes that accept <c>?access_token=</c>: browsers' EventSource cannot set headers.</summary>
internal sealed class QueryToken
{
    public static readonly QueryToken Allowed = new();

    /// <summary>The single <c>access_token</c> of a request to a marked route, or null.</summary>
    public static string? From(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<QueryToken>() is null)
        {
            return null;
        }

        if (!http.Request.Query.TryGetValue("access_token", out var token) || token.Count != 1)
        {
            return null;
        }

        return token[0];
    }
}
