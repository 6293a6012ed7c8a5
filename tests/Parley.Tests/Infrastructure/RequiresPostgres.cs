using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Parley.Tests.Infrastructure.ParleyTestFramework", "Parley.Tests")]

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Marks a test class that needs the PostgreSQL server <c>test.sh</c> starts. Without
/// <c>PARLEY_TEST_POSTGRES</c> its tests are reported as skipped, saying why, instead of
/// failing on a missing server.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    public const string Reason = $"needs PostgreSQL: {TestPostgres.Variable} is not set (./test.sh starts a server and sets it)";
}

/// <summary>xUnit as usual, except that it skips <see cref="RequiresPostgresAttribute"/> classes when there is no server.</summary>
public sealed class ParleyTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider source, IMessageSink sink)
        : XunitTestFrameworkDiscoverer(assembly, source, sink)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (TestPostgres.ServerConnectionString is not null
                || !testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
                || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var skipped = new SkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }

    /// <summary>One test case per method, always skipped with <see cref="RequiresPostgresAttribute.Reason"/>.</summary>
    public sealed class SkippedTestCase : XunitTestCase
    {
        [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
        public SkippedTestCase()
        {
        }

        public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
            : base(sink, display, options, method)
        {
        }

        protected override string GetSkipReason(IAttributeInfo factAttribute) => RequiresPostgresAttribute.Reason;
    }
}
