using System.IO.Pipelines;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;

namespace Parley.Operations;

/// <summary>
/// A response body that pays for what it sends: before each flush, the bytes written since the
/// last one are taken, in KiB, from the principal's byte bucket, waiting while it is empty.
/// The CPU a read costs grows with the bytes it writes, so a paced principal cannot hold a
/// core however large the threads it reads; its client just receives more slowly.
/// </summary>
internal sealed class PacedResponseBody : IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly PacedWriter _writer;
    private Stream? _stream;

    public PacedResponseBody(IHttpResponseBodyFeature inner, PartitionedRateLimiter<string> kilobytes, string principal, int burstKilobytes)
    {
        _inner = inner;
        _writer = new PacedWriter(inner.Writer, kilobytes, principal, burstKilobytes);
    }

    public PipeWriter Writer => _writer;

    public Stream Stream => _stream ??= _writer.AsStream(leaveOpen: true);

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    // No route that sends files is paced; were one to be, its files would pass unpaid.
    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        _inner.SendFileAsync(path, offset, count, cancellationToken);

    public Task CompleteAsync() => _inner.CompleteAsync();

    private sealed class PacedWriter(PipeWriter inner, PartitionedRateLimiter<string> kilobytes, string principal, int burstKilobytes) : PipeWriter
    {
        private long _unpaidBytes;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            _unpaidBytes += bytes;
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            // Whole KiB only; the rest is paid with the next flush. A bucket never grants more
            // than it holds, so a large debt is paid in parts.
            while (_unpaidBytes >= 1024)
            {
                var owed = (int)Math.Min(_unpaidBytes / 1024, burstKilobytes);
                using var paid = await kilobytes.AcquireAsync(principal, owed, cancellationToken);
                _unpaidBytes -= owed * 1024L;
            }

            return await inner.FlushAsync(cancellationToken);
        }
    }
}
