using System;
using System.Globalization;
using System.IO;
using ListingPs.Fuzz;

// ListingPs.Fuzz [--cases N] [--seed S] [--case C] [--repo DIR] [--keep DIR]
// Runs N mutated inputs (or only case C) and exits 1 when any input raised anything but a ListingPsException with a known id.
long cases = 100_000, only = -1;
int seed = 1;
string? repo = null, keep = null;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
    switch (args[i])
    {
        case "--cases": cases = long.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--case": only = long.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--repo": repo = Next(); break;
        case "--keep": keep = Next(); break;
        default: Console.Error.WriteLine("usage: ListingPs.Fuzz [--cases N] [--seed S] [--case C] [--repo DIR] [--keep DIR]"); return 2;
    }
}
repo ??= Fuzzer.FindRepo(AppContext.BaseDirectory) ?? Fuzzer.FindRepo(Directory.GetCurrentDirectory())
    ?? throw new InvalidOperationException("cannot find the repository (examples/assortment.csv); pass --repo");
var fuzzer = new Fuzzer(repo, seed) { KeepFailuresIn = keep };
var result = only >= 0 ? fuzzer.Run(only, 1) : fuzzer.Run(0, cases, progress: n => Console.Error.Write("\r" + n.ToString("N0", CultureInfo.InvariantCulture) + " cases"));
if (only < 0) Console.Error.WriteLine();
Console.WriteLine(result.Summary());
foreach (var f in result.Failures) Console.WriteLine(f);
return result.Failures.Count == 0 ? 0 : 1;
