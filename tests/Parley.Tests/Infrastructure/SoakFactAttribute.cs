using System.Runtime.CompilerServices;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A long-running variant of a reliability test: skipped unless <c>PARLEY_SOAK=1</c>, which
/// <c>tests/soak.sh</c> sets. Mark it <c>[Trait("Category", "Soak")]</c> too so the script can select it.
/// </summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public SoakFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = "A soak test: run tests/soak.sh.";
        SkipUnless = nameof(IsEnabled);
        SkipType = typeof(SoakFactAttribute);
    }

    public static bool IsEnabled => Environment.GetEnvironmentVariable("PARLEY_SOAK") == "1";
}
