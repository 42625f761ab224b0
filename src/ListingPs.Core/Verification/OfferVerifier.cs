using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Verification
{
    /// <summary>The price an offer carries on an additional market, and how it was reached.</summary>
    public readonly struct MarketPrice
    {
        public MarketPrice(decimal? price, PriceSource source, decimal? convertedBase)
        {
            Price = price; Source = source; ConvertedBase = convertedBase;
        }
        /// <summary>The market price, on the currency's step; null when the offer has none.</summary>
        public decimal? Price { get; }
        public PriceSource Source { get; }
        /// <summary>The base price times the rate, unrounded: what the deviation limits compare against; null without a base price.</summary>
        public decimal? ConvertedBase { get; }
    }

    /// <summary>What verification concluded for one offer on one market.</summary>
    public sealed class VerificationResult
    {
        internal VerificationResult(ShareState state, IReadOnlyList<Reason> reasons, IReadOnlyList<string> warnings,
            IReadOnlyList<DeliveryQuote> delivery, TranslationKind translation)
        {
            State = state; Reasons = reasons; Warnings = warnings; Delivery = delivery; Translation = translation;
        }
        public ShareState State { get; }
        public IReadOnlyList<Reason> Reasons { get; }
        public IReadOnlyList<string> Warnings { get; }
        public IReadOnlyList<DeliveryQuote> Delivery { get; }
        public TranslationKind Translation { get; }
    }

    /// <summary>
    /// Checks an offer against an additional market's sales policy (SPEC B). Every reason that applies is reported, not only
    /// the first. Pure: no I/O, safe to call from any thread.
    /// </summary>
    public sealed class OfferVerifier
    {
        private readonly RuleSet _rules;

        public OfferVerifier(RuleSet rules) { _rules = rules; }

        /// <param name="offer">The offer as listed on its base market.</param>
        /// <param name="market">The additional market.</param>
        /// <param name="price">The market price (converter or own) and the converted base price.</param>
        /// <param name="autoTranslate">Automatic translation was requested: it counts as a translation.</param>
        /// <param name="rate">The rate used to convert the seller's own delivery prices.</param>
        public VerificationResult Verify(Offer offer, MarketRule market, MarketPrice price, bool autoTranslate, decimal? rate)
        {
            var policy = market.Policy ?? DefaultPolicy;
            List<Reason>? reasons = null;
            List<string>? warnings = null;
            string marketId = market.Id;

            // Reasons keep their code and parameters; the message and hint are rendered when first read.
            void Add(ReasonTemplate template, string[] keys, string[] values) =>
                (reasons ??= new List<Reason>(2)).Add(ReasonCodes.Create(template, keys, values));

            // Offers that can never be shared.
            if (policy.RequireCompanyAccount && offer.AccountType == AccountType.Personal)
                Add(ReasonCodes.PersonalAccountTemplate, MarketKey, new[] { marketId });
            if (policy.RejectB2BOnly && offer.B2BOnly)
                Add(ReasonCodes.B2BOnlyTemplate, MarketKey, new[] { marketId });
            if (policy.RejectCharity && offer.Charity)
                Add(ReasonCodes.CharityTemplate, MarketKey, new[] { marketId });
            if (!Contains(policy.SellingFormats, offer.SellingFormat))
                Add(ReasonCodes.NotBuyNowTemplate, NotBuyNowKeys, new[] { FormatName(offer.SellingFormat), marketId });
            bool linked = !string.IsNullOrEmpty(offer.ProductId);
            if (policy.RequireCatalogueProduct && !linked)
                Add(ReasonCodes.NoCatalogueProductTemplate, MarketKey, new[] { marketId });
            // The category is normalised once for the three lists.
            string? category = string.IsNullOrEmpty(offer.Category) ? null : CategoryList.Normalize(offer.Category!);
            if ((linked && Contains(policy.ProductsNotAllowed, offer.ProductId!)) || policy.CategoriesNotAllowed.MatchesNormalized(category))
                Add(ReasonCodes.ProductNotAllowedTemplate, ProductKeys,
                    new[] { linked ? offer.ProductId! : "(" + offer.Category + ")", market.Country, marketId });
            if (policy.UnavailableCategories.MatchesNormalized(category))
                Add(ReasonCodes.CategoryUnavailableTemplate, CategoryKeys, new[] { offer.Category ?? "", marketId });

            // What a shared offer must have.
            var delivery = QuoteDelivery(offer, market, policy, rate);
            if (policy.DeliveryMethods.Count > 0 && delivery.Count == 0)
            {
                // an offer imported from Allegro: its methods are its shipping rate's, so the reason names the rate
                if (string.IsNullOrEmpty(offer.ShippingRate))
                    Add(ReasonCodes.DeliveryNotAvailableTemplate, DeliveryKeys, new[] { market.Country, SomeMethods(policy), marketId });
                else
                    Add(ReasonCodes.DeliveryNotAvailableTemplate, DeliveryRateKeys, new[] { market.Country, SomeMethods(policy), marketId, offer.ShippingRate! });
            }

            TranslationKind translation;
            if (!policy.RequireTranslation || string.IsNullOrEmpty(market.Language) || policy.TranslationExemptCategories.MatchesNormalized(category))
                translation = TranslationKind.NotRequired;
            else if (offer.HasTranslation(market.Language))
                translation = TranslationKind.Own;
            else if (autoTranslate)
                translation = TranslationKind.Automatic;
            else
            {
                translation = TranslationKind.None;
                Add(ReasonCodes.LanguageNotAvailableTemplate, LanguageKeys, new[] { market.Language, marketId });
            }

            if (!price.Price.HasValue)
            {
                Add(ReasonCodes.CurrencyNotAvailableTemplate, CurrencyKeys, new[] { market.Currency, marketId });
            }
            else if (price.ConvertedBase.HasValue)
            {
                decimal marketPrice = price.Price.Value, convertedBase = price.ConvertedBase.Value;
                var currency = _rules.GetCurrency(market.Currency);
                // One division for the limits; the shown percentage and the converted price only when a reason or warning needs them.
                decimal exact = PriceDeviation.Exact(marketPrice, convertedBase);
                if (exact > policy.MaxPriceDeviationPercent)
                {
                    Add(ReasonCodes.PriceMismatchTemplate, PriceKeys, new[]
                    {
                        Num(policy.MaxPriceDeviationPercent), Num(PriceDeviation.Shown(exact)), Num(marketPrice),
                        Num(MoneyRounding.Round(convertedBase, currency)), market.Currency,
                    });
                }
                else if (exact > policy.WarnPriceDeviationPercent)
                {
                    (warnings ??= new List<string>(1)).Add(string.Format(CultureInfo.InvariantCulture,
                        "PriceDeviation: the {0} price {1} differs by {2}% from the converted base price {3} (more than {4}%).",
                        market.Currency, Num(marketPrice), Num(PriceDeviation.Shown(exact)), Num(MoneyRounding.Round(convertedBase, currency)),
                        Num(policy.WarnPriceDeviationPercent)));
                }
            }

            ShareState state = reasons != null ? ShareState.Refused
                : offer.Status != OfferStatus.Active ? ShareState.Pending
                : ShareState.Approved;
            return new VerificationResult(state,
                reasons != null ? new TextList<Reason>(reasons) : TextList<Reason>.Empty,
                warnings != null ? new TextList<string>(warnings, "; ") : TextList<string>.EmptyOf("; "),
                delivery, translation);
        }

        private static readonly string[] MarketKey = { "market" };
        private static readonly string[] NotBuyNowKeys = { "sellingFormat", "market" };
        private static readonly string[] ProductKeys = { "productId", "country", "market" };
        private static readonly string[] CategoryKeys = { "category", "market" };
        private static readonly string[] DeliveryKeys = { "country", "methods", "market" };
        private static readonly string[] DeliveryRateKeys = { "country", "methods", "market", "shippingRate" };
        private static readonly string[] LanguageKeys = { "language", "market" };
        private static readonly string[] CurrencyKeys = { "currency", "market" };
        private static readonly string[] PriceKeys = { "maxAllowedPriceDecreasePercent", "deviationPercent", "price", "convertedPrice", "currency" };

        /// <summary>The offer's delivery methods that serve the market, priced in its currency (own methods converted and rounded).</summary>
        public IReadOnlyList<DeliveryQuote> QuoteDelivery(Offer offer, MarketRule market, SharePolicy policy, decimal? rate)
        {
            var methods = offer.DeliveryMethods;
            var rules = policy.DeliveryMethods;
            int count = methods.Count;
            if (count == 0 || rules.Count == 0) return TextList<DeliveryQuote>.EmptyOf("; ");
            DeliveryQuote[]? quotes = null;
            int n = 0;
            CurrencyRule? currency = null;
            for (int i = 0; i < count; i++)
            {
                if (!rules.TryGetValue(methods[i], out var rule)) continue;
                decimal? p = rule.Price;
                bool converted = false;
                if (!p.HasValue && rule.BasePrice.HasValue && rate.HasValue)
                {
                    p = MoneyRounding.Round(rule.BasePrice.Value * rate.Value, currency ??= _rules.GetCurrency(market.Currency));
                    converted = true;
                }
                if (!p.HasValue) continue;
                (quotes ??= new DeliveryQuote[count - i])[n++] = new DeliveryQuote(rule.Id, rule.Name, p.Value, market.Currency, converted);
            }
            if (quotes == null) return TextList<DeliveryQuote>.EmptyOf("; ");
            if (n < quotes.Length) Array.Resize(ref quotes, n);
            return new TextList<DeliveryQuote>(quotes, "; ");
        }

        /// <summary>True when one of the offer's delivery methods serves the market's country.</summary>
        public static bool DeliversTo(Offer offer, SharePolicy policy)
        {
            var methods = offer.DeliveryMethods;
            for (int i = 0; i < methods.Count; i++)
                if (policy.DeliveryMethods.ContainsKey(methods[i])) return true;
            return false;
        }

        internal static readonly SharePolicy DefaultPolicy = new SharePolicy();

        private static string SomeMethods(SharePolicy policy)
        {
            var names = new List<string>(policy.DeliveryMethods.Count);
            foreach (var kv in policy.DeliveryMethods) names.Add(kv.Key);
            return string.Join(", ", names);
        }

        private static string FormatName(SellingFormat f) =>
            f == SellingFormat.Auction ? "auction" : f == SellingFormat.Classified ? "classified ad" : "buy-now offer";

        private static bool Contains<T>(IReadOnlyList<T> list, T value)
        {
            for (int i = 0; i < list.Count; i++) if (EqualityComparer<T>.Default.Equals(list[i], value)) return true;
            return false;
        }

        private static bool Contains(IReadOnlyCollection<string> set, string value)
        {
            if (set.Count == 0) return false;
            if (set is HashSet<string> h) return h.Contains(value);
            foreach (var s in set) if (string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        private static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);
    }
}
