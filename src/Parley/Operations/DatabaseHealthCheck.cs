using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Storage;

namespace Parley.Operations;

internal sealed class DatabaseHealthCheck(IParleyStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsReadyAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
