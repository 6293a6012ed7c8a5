using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Events;

/// <summary>
/// The server's own store with every call passed through, counting the messages handed out by
/// page reads (<c>GetMessagesAsync</c>): how much of a thread the server has taken from the database.
/// A proxy rather than a hand-written decorator, so the store's interface can grow freely.
/// </summary>
public class PageCountingStore : DispatchProxy
{
    private IParleyStore? _inner;
    private long _rows;

    /// <summary>Messages returned by page reads since the server started.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    internal static PageCountingStore Wrap(IParleyStore inner, out IParleyStore proxy)
    {
        proxy = Create<IParleyStore, PageCountingStore>();
        var counter = (PageCountingStore)proxy;
        counter._inner = inner;
        return counter;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }

        if (result is Task<MessagePage?> page)
        {
            return CountAsync(page);
        }

        return result;
    }

    private async Task<MessagePage?> CountAsync(Task<MessagePage?> reading)
    {
        var page = await reading;
        if (page is not null)
        {
            Interlocked.Add(ref _rows, page.Messages.Count);
        }

        return page;
    }
}

/// <summary>A server whose store counts page reads (<see cref="PageCountingStore"/>).</summary>
public sealed class PageCountingFactory : ParleyFactory
{
    private PageCountingStore? _counter;

    public PageCountingStore Counter => _counter ?? throw new InvalidOperationException("The server has not started yet.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IParleyStore));
            var make = original.ImplementationFactory ?? throw new InvalidOperationException("The store is expected to be made by a factory.");
            services.Remove(original);

            // The container owns (and disposes) the real store; the proxy only passes calls on.
            services.AddSingleton(sp => new OwnedStore((IParleyStore)make(sp)));
            services.AddSingleton(sp =>
            {
                _counter = PageCountingStore.Wrap(sp.GetRequiredService<OwnedStore>().Store, out var proxy);
                return proxy;
            });
        });
    }

    private sealed class OwnedStore(IParleyStore store) : IAsyncDisposable
    {
        public IParleyStore Store => store;

        public ValueTask DisposeAsync() => store is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }
}
