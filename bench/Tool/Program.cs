using System.Net;
using System.Net.Sockets;
using Parley.Bench;

// The benchmark's helper commands; bench/run drives them. Each takes --name value options.
if (args.Length == 0)
{
    return Usage();
}

var options = Options.Parse(args[1..]);
return args[0] switch
{
    "setup" => await Setup.RunAsync(options),
    "seed" => Seeder.Run(options),
    "measure" => await Measure.RunAsync(options),
    "fanout" => await FanOut.RunAsync(options),
    "stream" => await StreamMemory.RunAsync(options),
    "summarize" => Summary.Run(options),
    "report" => Report.Run(options),
    "validate" => Validate.Run(options),
    "free-port" => FreePort(),
    _ => Usage(),
};

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        parley-bench COMMAND [--option value ...]   (bench/run drives these)
          setup      create the bench user's token and threads through the API
          seed       top up a stopped server's SQLite file directly
          measure    run one wrk case against a server process
          fanout     live fan-out: SSE subscribers and a steady sender
          stream     RSS while streaming the seed-compatible GET of a long thread
          summarize  reduce raw case results to results JSON
          report     write the Markdown report and its charts from results JSON
          validate   check that results JSON is well formed (every case positive)
          free-port  print a free loopback TCP port
        """);
    return 2;
}
