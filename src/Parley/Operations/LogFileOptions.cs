using System.ComponentModel.DataAnnotations;

namespace Parley.Operations;

/// <summary>Settings under <c>Parley:Logging</c>.</summary>
internal sealed class LogFileOptions
{
    public const string Section = "Parley:Logging";

    /// <summary>How many 10 MB log files to keep.</summary>
    [Range(1, 1000, ErrorMessage = "Parley:Logging:RetainedFiles must be between 1 and 1000.")]
    public int RetainedFiles { get; set; } = 10;
}
