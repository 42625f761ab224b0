using System;
using ListingPs.Fuzz;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// A short seeded run of bench/Fuzz: mutated CSV and JSON offer files, rule files and records of fields raise nothing but
    /// ListingPsExceptions with known ids. The 10^6-case run is a bench (bench/README.md, "Fuzz").
    /// </summary>
    public sealed class FuzzTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(20261206)]
        public void A_seeded_run_of_2500_cases_raises_only_known_errors(int seed)
        {
            var repo = Fuzzer.FindRepo(AppContext.BaseDirectory);
            Assert.NotNull(repo);
            var result = new Fuzzer(repo!, seed).Run(0, 2500);
            Assert.True(result.Failures.Count == 0, result.Summary() + "\n" + string.Join("\n", result.Failures));
            Assert.True(result.Cases >= 2500, result.Summary());
            Assert.True(result.Records > 0 && result.Rejections.Count >= 4, result.Summary()); // it did reach the parser and each reader
        }
    }
}
