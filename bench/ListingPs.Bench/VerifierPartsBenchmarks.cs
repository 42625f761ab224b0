using System.Collections.Generic;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Verification;

namespace ListingPs.Bench
{
    /// <summary>
    /// The pieces OfferVerifier.Verify is made of, per offer of the bench mix, to say where its time goes: building one reason
    /// (its code and parameters; the message and hint are rendered on first read, <see cref="CreateReasonAndRead"/>),
    /// quoting delivery, the three category-list matches, and the price-deviation check (the converted price is rounded and
    /// formatted only for a reason or a warning).
    /// </summary>
    [MemoryDiagnoser]
    public class VerifierPartsBenchmarks
    {
        public const int Batch = 4096;
        private Evaluator _eval = null!;
        private Offer[] _offers = null!;
        private MarketPrice[] _prices = null!;

        [GlobalSetup]
        public void Setup()
        {
            _eval = new Evaluator(BenchData.LoadRules(), "allegro-cz");
            var fields = BenchData.FieldsRange(0, Batch);
            _offers = BenchData.Offers(fields);
            var own = BenchData.OwnPrices(fields);
            _prices = new MarketPrice[Batch];
            for (int i = 0; i < Batch; i++) _prices[i] = _eval.Price(_offers[i], own[i]);
        }

        /// <summary>One reason through the public API: a dictionary of its parameters, then ReasonCodes.Create (per reason, not per offer); only its code read, as Verify and the workspace use it.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int CreateReason()
        {
            int n = 0;
            for (int i = 0; i < Batch; i++)
            {
                var d = new Dictionary<string, string>(3, System.StringComparer.Ordinal) { ["language"] = "cs-CZ", ["market"] = "allegro-cz" };
                n += ReasonCodes.Create(ReasonCodes.LanguageNotAvailable, d).Code.Length;
            }
            return n;
        }

        /// <summary><see cref="CreateReason"/> with the message and hint read (rendered on first access).</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int CreateReasonAndRead()
        {
            int n = 0;
            for (int i = 0; i < Batch; i++)
            {
                var d = new Dictionary<string, string>(3, System.StringComparer.Ordinal) { ["language"] = "cs-CZ", ["market"] = "allegro-cz" };
                var r = ReasonCodes.Create(ReasonCodes.LanguageNotAvailable, d);
                n += r.Message.Length + r.Hint.Length;
            }
            return n;
        }

        [Benchmark(OperationsPerInvoke = Batch)]
        public int QuoteDelivery()
        {
            int n = 0;
            var policy = _eval.Market.Policy!;
            for (int i = 0; i < Batch; i++) n += _eval.Verifier.QuoteDelivery(_offers[i], _eval.Market, policy, _eval.Rate).Count;
            return n;
        }

        /// <summary>CategoriesNotAllowed, UnavailableCategories and TranslationExemptCategories matched against the offer's category.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int CategoryLists()
        {
            int n = 0;
            var p = _eval.Market.Policy!;
            for (int i = 0; i < Batch; i++)
            {
                var c = _offers[i].Category;
                if (p.CategoriesNotAllowed.Matches(c)) n++;
                if (p.UnavailableCategories.Matches(c)) n++;
                if (p.TranslationExemptCategories.Matches(c)) n++;
            }
            return n;
        }

        /// <summary>
        /// The deviation check of a priced offer as Verify does it: one exact deviation against the limits; the shown
        /// percentage and the converted price (rounded, formatted) only when a reason or a warning is made.
        /// </summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int Deviation()
        {
            int n = 0;
            var policy = _eval.Market.Policy!;
            for (int i = 0; i < Batch; i++)
            {
                var pr = _prices[i];
                if (!pr.Price.HasValue || !pr.ConvertedBase.HasValue) continue;
                decimal exact = PriceDeviation.Exact(pr.Price.Value, pr.ConvertedBase.Value);
                if (exact <= policy.WarnPriceDeviationPercent) continue;
                decimal shown = PriceDeviation.Percent(pr.Price.Value, pr.ConvertedBase.Value);
                string converted = MoneyRounding.Round(pr.ConvertedBase.Value, _eval.Currency).ToString(CultureInfo.InvariantCulture);
                if (exact > policy.MaxPriceDeviationPercent) n++;
                n += converted.Length + shown.ToString(CultureInfo.InvariantCulture).Length;
            }
            return n;
        }

        [Benchmark(OperationsPerInvoke = Batch)]
        public int HasTranslation()
        {
            int n = 0;
            for (int i = 0; i < Batch; i++) if (_offers[i].HasTranslation("cs-CZ")) n++;
            return n;
        }
    }
}
