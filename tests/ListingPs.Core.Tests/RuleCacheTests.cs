using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The rule cache returns the same rule set while no rule file changed and loads again when one did. Every test uses a
    /// folder of its own, so tests never share a cache entry (the cache is process-wide; Clear is not used here for that reason).
    /// </summary>
    public sealed class RuleCacheTests : IDisposable
    {
        private const string Currencies = "currencies:\n  PLN: { step: 0.01 }\n  CZK: { step: 1, rounding: HalfDown }\n";
        private const string Base = "markets:\n  - { id: allegro-pl, platform: allegro, region: allegro, country: PL, currency: PLN, base: true }\n";
        private const string Czech = "  - { id: allegro-cz, platform: allegro, region: allegro, country: CZ, currency: CZK, shareFrom: allegro-pl }\n";

        private readonly TestFiles _files = new TestFiles();
        private readonly string[] _paths;

        public RuleCacheTests()
        {
            _files.Write("currencies.yaml", Currencies);
            _files.Write("markets.yaml", Base);
            _paths = new[] { _files.Dir };
        }

        public void Dispose() => _files.Dispose();

        /// <summary>Moves a file's write time on, so a change is seen even on file systems with coarse timestamps.</summary>
        private void Touch(string name, int minutes = 1) =>
            File.SetLastWriteTimeUtc(Path.Combine(_files.Dir, name), DateTime.UtcNow.AddMinutes(minutes));

        [Fact]
        public void Same_instance_while_nothing_changed()
        {
            var first = RuleCache.Get(_paths);
            Assert.Same(first, RuleCache.Get(_paths));
            Assert.Same(first, RuleCache.Get(new[] { _files.Dir }));
            Assert.Single(first.Markets);
        }

        [Fact]
        public void A_changed_file_is_loaded_again()
        {
            var first = RuleCache.Get(_paths);
            _files.Write("markets.yaml", Base + Czech);
            Touch("markets.yaml");
            var second = RuleCache.Get(_paths);
            Assert.NotSame(first, second);
            Assert.True(second.TryGetMarket("allegro-cz", out _));
            Assert.False(first.TryGetMarket("allegro-cz", out _)); // the earlier set is untouched
            Assert.Same(second, RuleCache.Get(_paths));
        }

        [Fact]
        public void A_new_write_time_alone_counts_as_a_change()
        {
            var first = RuleCache.Get(_paths);
            Touch("currencies.yaml", 5);
            Assert.NotSame(first, RuleCache.Get(_paths));
        }

        [Fact]
        public void A_new_length_alone_counts_as_a_change()
        {
            var file = Path.Combine(_files.Dir, "currencies.yaml");
            var stamp = File.GetLastWriteTimeUtc(file);
            var first = RuleCache.Get(_paths);
            File.AppendAllText(file, "# a comment\n");
            File.SetLastWriteTimeUtc(file, stamp);
            Assert.NotSame(first, RuleCache.Get(_paths));
        }

        [Fact]
        public void A_rule_file_added_to_or_removed_from_the_folder_counts_as_a_change()
        {
            var first = RuleCache.Get(_paths);
            _files.Write("notes.txt", "not a rule file");
            Assert.Same(first, RuleCache.Get(_paths));

            _files.Write("more.yml", "markets:\n" + Czech);
            var second = RuleCache.Get(_paths);
            Assert.NotSame(first, second);
            Assert.Equal(3, second.SourceFiles.Count);

            File.Delete(Path.Combine(_files.Dir, "more.yml"));
            var third = RuleCache.Get(_paths);
            Assert.NotSame(second, third);
            Assert.Single(third.Markets);
        }

        [Fact]
        public void Different_path_lists_are_cached_apart()
        {
            var whole = RuleCache.Get(_paths);
            var files = new[] { Path.Combine(_files.Dir, "currencies.yaml"), Path.Combine(_files.Dir, "markets.yaml") };
            var byFile = RuleCache.Get(files);
            Assert.NotSame(whole, byFile);
            Assert.Same(byFile, RuleCache.Get(files));
            Assert.Same(whole, RuleCache.Get(_paths));
        }

        [Fact]
        public void A_file_broken_after_a_good_load_is_reported_every_time_and_the_rules_before_stay_in_force()
        {
            var good = RuleCache.Get(_paths);
            _files.Write("markets.yaml", "markets:\n  - { id: allegro-pl, platform: allegro, region: allegro, country: PL, currency: «XXX, base: true }\n");
            Touch("markets.yaml");
            for (int i = 0; i < 2; i++)
            {
                Assert.Same(good, RuleCache.Get(_paths, out var refused));
                var e = Assert.IsType<RuleFileException>(refused);
                Assert.Equal("markets.yaml", Path.GetFileName(e.File));   // the bad file of the folder, not its good neighbour
                Assert.Equal((_files.ErrorAt!.Value.Line, _files.ErrorAt.Value.Column), (e.Line, e.Column));
            }
            Assert.Same(good, RuleCache.Get(_paths));

            _files.Write("markets.yaml", Base + Czech);
            Touch("markets.yaml", 2);
            var fixedRules = RuleCache.Get(_paths, out var none);
            Assert.Null(none);
            Assert.NotSame(good, fixedRules);
            Assert.Equal(2, fixedRules.Markets.Count());
        }

        [Fact]
        public void A_broken_first_load_is_an_error_every_time()
        {
            _files.Write("markets.yaml", "markets: [\n");
            for (int i = 0; i < 2; i++)
            {
                Assert.Throws<RuleFileException>(() => RuleCache.Get(_paths, out _));
                Assert.Throws<RuleFileException>(() => RuleCache.Get(_paths));
            }
        }

        [Fact]
        public void A_missing_path_is_reported_not_cached()
        {
            var missing = new[] { Path.Combine(_files.Dir, "nowhere") };
            for (int i = 0; i < 2; i++)
                Assert.Equal(ErrorIds.RulePathNotFound, Assert.Throws<ListingPsException>(() => RuleCache.Get(missing)).ErrorId);
            Directory.CreateDirectory(missing[0]);
            File.WriteAllText(Path.Combine(missing[0], "r.yaml"), Currencies + Base);
            Assert.Single(RuleCache.Get(missing).Markets);
        }

        [Fact]
        public void Concurrent_callers_all_get_the_rules_and_settle_on_one_instance()
        {
            var results = new RuleSet[64];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = RuleCache.Get(_paths));
            Assert.All(results, r => Assert.Single(r.Markets));
            var settled = RuleCache.Get(_paths);
            Assert.Contains(results, r => ReferenceEquals(r, settled));
            var again = new RuleSet[64];
            Parallel.For(0, again.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => again[i] = RuleCache.Get(_paths));
            Assert.All(again, r => Assert.Same(settled, r));
        }
    }
}
