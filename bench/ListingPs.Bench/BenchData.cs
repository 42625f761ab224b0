using System;
using System.Collections.Generic;
using System.IO;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;

namespace ListingPs.Bench
{
    /// <summary>Where things are, the shipped rules and the generated offers (the same rows the pipeline bench pipes).</summary>
    public static class BenchData
    {
        private static string? _root;

        /// <summary>The repository root: $LISTINGPS_REPO, else the first folder up from here (or the current folder) that holds ListingPs.sln.</summary>
        public static string RepoRoot => _root ??= FindRoot();

        private static string FindRoot()
        {
            var env = Environment.GetEnvironmentVariable("LISTINGPS_REPO");
            if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "ListingPs.sln"))) return Path.GetFullPath(env);
            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "ListingPs.sln")) && Directory.Exists(Path.Combine(d.FullName, "module", "rules")))
                        return d.FullName;
            }
            throw new InvalidOperationException("Cannot find the repository root (ListingPs.sln); set LISTINGPS_REPO.");
        }

        /// <summary>bench/.data: generated workspaces and raw results (git-ignored).</summary>
        public static string DataDir
        {
            get
            {
                var d = Path.Combine(RepoRoot, "bench", ".data");
                Directory.CreateDirectory(d);
                return d;
            }
        }

        /// <summary>The module's shipped rules, loaded the way the cmdlets load them (RuleLoader.Load of module/rules).</summary>
        public static RuleSet LoadRules() => RuleLoader.Load(new[] { Path.Combine(RepoRoot, "module", "rules") });

        private static RuleSet? _shippedRules;

        /// <summary>The shipped rules, loaded once: what <see cref="Offers"/> parses the records against.</summary>
        public static RuleSet ShippedRules => _shippedRules ??= LoadRules();

        /// <summary>Row <paramref name="index"/> as the cmdlets hand it to the engine: every field as text.</summary>
        public static OfferFields Fields(long index)
        {
            var v = new string[BenchRows.Columns.Length];
            BenchRows.Fill(index, v);
            return new OfferFields
            {
                OfferId = v[BenchRows.OfferId],
                Title = v[BenchRows.Title],
                Category = v[BenchRows.Category],
                Price = v[BenchRows.Price],
                SellingFormat = v[BenchRows.SellingFormat],
                AccountType = v[BenchRows.AccountType],
                B2BOnly = v[BenchRows.B2BOnly],
                Charity = v[BenchRows.Charity],
                ProductId = v[BenchRows.ProductId],
                Status = v[BenchRows.Status],
                // PowerShell binds a string to a string[] parameter as a one-element array, and so does this.
                DeliveryMethods = new[] { v[BenchRows.DeliveryMethods] },
                Translations = new[] { v[BenchRows.Translations] },
                MarketPrice = v[BenchRows.MarketPrice],
            };
        }

        public static OfferFields[] FieldsRange(long first, int count)
        {
            var a = new OfferFields[count];
            for (int i = 0; i < count; i++) a[i] = Fields(first + i);
            return a;
        }

        /// <summary>The parsed offers (what ShareService.Prepare returns for a new offer).</summary>
        public static Offer[] Offers(OfferFields[] fields, string baseMarket = "allegro-pl")
        {
            var a = new Offer[fields.Length];
            for (int i = 0; i < fields.Length; i++) a[i] = OfferParser.Parse(fields[i], null, baseMarket, ShippedRules);
            return a;
        }

        /// <summary>The own CZK price of each row (MarketPrice column), null for the converter.</summary>
        public static decimal?[] OwnPrices(OfferFields[] fields)
        {
            var a = new decimal?[fields.Length];
            for (int i = 0; i < fields.Length; i++) a[i] = OfferParser.ParsePrice(fields[i].MarketPrice ?? "", fields[i].OfferId, "MarketPrice", null);
            return a;
        }

        /// <summary>A fresh temporary workspace file path under bench/.data/tmp (removed with its -wal/-shm by <see cref="DeleteDb"/>).</summary>
        public static string TempDb(string name)
        {
            var dir = Path.Combine(DataDir, "tmp");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, name + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".db");
            DeleteDb(path);
            return path;
        }

        public static void DeleteDb(string path)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                if (File.Exists(path + suffix)) File.Delete(path + suffix);
        }
    }
}
