using System.ComponentModel.DataAnnotations;

namespace Parley;

/// <summary>Settings under <c>Parley</c>.</summary>
internal sealed class ParleyOptions
{
    public const string Section = "Parley";

    /// <summary>Where the SQLite database, generated keys and log files live.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Parley:DataDirectory must name a directory.")]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How many writes may wait for the database before sends are refused with 503.</summary>
    [Range(16, 1_000_000, ErrorMessage = "Parley:WriteQueueCapacity must be between 16 and 1000000.")]
    public int WriteQueueCapacity { get; set; } = 4096;

    /// <summary>A relative path counts from the working directory, so <c>./data</c> is where the server was started.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}
