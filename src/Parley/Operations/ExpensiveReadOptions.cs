using System.ComponentModel.DataAnnotations;

namespace Parley.Operations;

/// <summary>
/// The limits of <see cref="ExpensiveReads"/>, under <c>Parley:Limits</c>. A class of their own,
/// though other limits share the section, because one gate reads them.
/// </summary>
internal sealed class ExpensiveReadOptions
{
    public const string Section = "Parley:Limits";

    /// <summary>
    /// How many expensive reads (a whole thread through the seed-compatible GET, a page of
    /// messages) one user may have in flight, each until its last byte is sent.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Parley:Limits:ExpensiveReadsPerPrincipal must be between 1 and 1000.")]
    public int ExpensiveReadsPerPrincipal { get; set; } = 2;

    /// <summary>
    /// How fast one user's expensive reads may send, together, in KiB per second, after a burst
    /// of two seconds' worth; 0 turns the pacing off.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Parley:Limits:ExpensiveReadKilobytesPerSecond must be between 0 and 1000000.")]
    public int ExpensiveReadKilobytesPerSecond { get; set; } = 8192;
}
