using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;

namespace ListingPs.Bench
{
    /// <summary>
    /// The engine alone, per offer, on one core: CZK pricing (MoneyRounding), verification (OfferVerifier.Verify) and the
    /// two together as ShareService.Evaluate does them (Evaluate is internal; <see cref="Evaluator"/> repeats it through the
    /// public API). Target of issue 5: verification and pricing at least 1M offers per second per core (1 us per offer).
    /// Every benchmark handles <see cref="Batch"/> offers per invocation, so BenchmarkDotNet's Mean and Allocated are per offer.
    /// </summary>
    [MemoryDiagnoser]
    public class EngineBenchmarks
    {
        public const int Batch = 4096;

        /// <summary>assortment: the bench mix (every rule, about a third refused); approved: offers that pass every check.</summary>
        [Params("assortment", "approved")]
        public string Mix { get; set; } = "assortment";

        private Evaluator _eval = null!;
        private OfferFields[] _fields = null!;
        private Offer[] _offers = null!;
        private decimal?[] _own = null!;
        private MarketPrice[] _prices = null!;
        private decimal?[] _converted = null!;
        private ShareRecord[] _records = null!;
        private string[] _encoded = null!;

        [GlobalSetup]
        public void Setup()
        {
            _eval = new Evaluator(BenchData.LoadRules(), "allegro-cz");
            var fields = new List<OfferFields>(Batch);
            for (long i = 0; fields.Count < Batch; i++)
            {
                var f = BenchData.Fields(i);
                if (Mix == "approved")
                {
                    var o = OfferParser.Parse(f, null, "allegro-pl", _eval.Rules);
                    var r = _eval.Evaluate(o, OfferParser.ParsePrice(f.MarketPrice ?? "", f.OfferId, "MarketPrice", null));
                    if (r.State != ShareState.Approved) continue;
                }
                fields.Add(f);
            }
            _fields = fields.ToArray();
            _offers = BenchData.Offers(_fields);
            _own = BenchData.OwnPrices(_fields);
            _prices = new MarketPrice[Batch];
            _converted = new decimal?[Batch];
            _records = new ShareRecord[Batch];
            _encoded = new string[Batch];
            for (int i = 0; i < Batch; i++)
            {
                _prices[i] = _eval.Price(_offers[i], _own[i]);
                _converted[i] = _prices[i].ConvertedBase;
                _records[i] = _eval.Evaluate(_offers[i], _own[i]);
                _encoded[i] = ReasonCodes.Encode(_records[i].Reasons);
            }
        }

        /// <summary>The converter's rounding alone: base price x rate to whole crowns (HalfDown on cents).</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public decimal Round()
        {
            decimal sum = 0;
            var czk = _eval.Currency;
            for (int i = 0; i < _converted.Length; i++)
            {
                var c = _converted[i];
                if (c.HasValue) sum += MoneyRounding.Round(c.Value, czk);
            }
            return sum;
        }

        /// <summary>Verification alone (prices already set): every rule of the market's policy, reasons with their code and parameters.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int Verify()
        {
            int refused = 0;
            for (int i = 0; i < _offers.Length; i++)
                if (_eval.Verifier.Verify(_offers[i], _eval.Market, _prices[i], false, _eval.Rate).State == ShareState.Refused) refused++;
            return refused;
        }

        /// <summary>Pricing and verification: the "engine verification and pricing alone".</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int PriceAndVerify()
        {
            int refused = 0;
            for (int i = 0; i < _offers.Length; i++)
            {
                var price = _eval.Price(_offers[i], _own[i]);
                if (_eval.Verifier.Verify(_offers[i], _eval.Market, price, false, _eval.Rate).State == ShareState.Refused) refused++;
            }
            return refused;
        }

        /// <summary>Pricing, verification and the share record ShareService.Evaluate returns.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int EvaluateRecord()
        {
            int refused = 0;
            for (int i = 0; i < _offers.Length; i++)
                if (_eval.Evaluate(_offers[i], _own[i]).State == ShareState.Refused) refused++;
            return refused;
        }

        /// <summary>The engine part of Submit-Offer per record: parse the text fields (OfferParser), price, verify, build the record.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int ParseAndEvaluate()
        {
            int refused = 0;
            for (int i = 0; i < _fields.Length; i++)
            {
                var f = _fields[i];
                var offer = OfferParser.Parse(f, null, "allegro-pl", _eval.Rules);
                var own = OfferParser.ParsePrice(f.MarketPrice ?? "", offer.OfferId, "MarketPrice", null);
                if (_eval.Evaluate(offer, own).State == ShareState.Refused) refused++;
            }
            return refused;
        }

        /// <summary>Text fields to an Offer alone (OfferParser.Parse).</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int Parse()
        {
            int n = 0;
            for (int i = 0; i < _fields.Length; i++) n += OfferParser.Parse(_fields[i], null, "allegro-pl", _eval.Rules).DeliveryMethods.Count;
            return n;
        }

        /// <summary>The reasons' storage form written per share (ReasonCodes.Encode).</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int EncodeReasons()
        {
            int n = 0;
            for (int i = 0; i < _records.Length; i++) n += ReasonCodes.Encode(_records[i].Reasons).Length;
            return n;
        }

        /// <summary>The reasons read back per share record (ReasonCodes.Decode; messages and hints are rendered when first read).</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int DecodeReasons()
        {
            int n = 0;
            for (int i = 0; i < _encoded.Length; i++) n += ReasonCodes.Decode(_encoded[i]).Count;
            return n;
        }
    }

    /// <summary>
    /// ShareService.Evaluate through the public API: the rate (resolved once and cached, as ShareService caches it), the
    /// converter or own price, OfferVerifier.Verify, and the share record.
    /// </summary>
    public sealed class Evaluator
    {
        private readonly RuleSet _rules;
        /// <summary>The rules the evaluator prices and verifies with (and records are parsed against).</summary>
        public RuleSet Rules => _rules;
        private readonly Dictionary<(string, string), decimal> _rateCache = new Dictionary<(string, string), decimal>();
        private readonly bool _ownDelivery;

        public Evaluator(RuleSet rules, string marketId)
        {
            _rules = rules;
            Market = rules.GetMarket(marketId);
            Base = rules.BaseOf(Market);
            Currency = rules.GetCurrency(Market.Currency);
            Verifier = new OfferVerifier(rules);
            var rate = rules.FindRate(Base.Currency, Market.Currency) ?? throw new InvalidOperationException("no rate");
            Rate = rate.Rate;
            RateSource = rate.Source + (rate.Date.HasValue ? " " + rate.Date.Value.ToString("yyyy-MM-dd") : "");
            foreach (var kv in Market.Policy!.DeliveryMethods) if (kv.Value.IsOwn) _ownDelivery = true;
        }

        public MarketRule Market { get; }
        public MarketRule Base { get; }
        public CurrencyRule Currency { get; }
        public OfferVerifier Verifier { get; }
        public decimal Rate { get; }
        public string RateSource { get; }

        private decimal ResolveRate()
        {
            if (_rateCache.TryGetValue((Base.Currency, Market.Currency), out var r)) return r;
            _rateCache[(Base.Currency, Market.Currency)] = Rate;
            return Rate;
        }

        /// <summary>The market price as Evaluate sets it: an own price normalised to the step, else the converter's.</summary>
        public MarketPrice Price(Offer offer, decimal? own)
        {
            var currency = _rules.GetCurrency(Market.Currency);
            decimal? converted = null;
            if (offer.Price.HasValue || _ownDelivery)
            {
                var rate = ResolveRate();
                if (offer.Price.HasValue) converted = offer.Price.Value * rate;
            }
            if (own.HasValue) return new MarketPrice(MoneyRounding.Normalize(own.Value, currency.Step), PriceSource.Manual, converted);
            if (converted.HasValue) return new MarketPrice(MoneyRounding.Round(converted.Value, currency), PriceSource.Converter, converted);
            return new MarketPrice(null, PriceSource.None, null);
        }

        public ShareRecord Evaluate(Offer offer, decimal? own)
        {
            var baseMarket = _rules.BaseOf(Market);
            var price = Price(offer, own);
            decimal? rate = offer.Price.HasValue || _ownDelivery ? Rate : (decimal?)null;
            var result = Verifier.Verify(offer, Market, price, false, rate);
            return new ShareRecord
            {
                OfferId = offer.OfferId,
                Market = Market.Id,
                State = result.State,
                Reasons = result.Reasons,
                Warnings = result.Warnings,
                Price = price.Price,
                Currency = Market.Currency,
                PriceSource = price.Source,
                BasePrice = offer.Price,
                BaseCurrency = baseMarket.Currency,
                ExchangeRate = rate,
                RateSource = rate.HasValue ? RateSource : null,
                Translation = result.Translation,
                Delivery = result.Delivery,
                OfferStatus = offer.Status,
                UpdatedAt = DateTimeOffset.UtcNow,
            };
        }
    }
}
