using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Sharing
{
    /// <summary>Options of a submission.</summary>
    public sealed class SubmitOptions
    {
        /// <summary>Own market price; null lets the converter price the offer (or keeps an own price set earlier).</summary>
        public decimal? Price { get; set; }
        /// <summary>Request automatic translation (counts as a translation).</summary>
        public bool AutoTranslate { get; set; }
        /// <summary>Rate to use instead of the workspace's or the rules' (base currency -> market currency).</summary>
        public decimal? ExchangeRate { get; set; }
    }

    /// <summary>
    /// Shared offers (SPEC B): import, submit to an additional market, price in the market currency, verify, withdraw, the
    /// weekly visibility check, and the seller's market filter. Validates everything before it writes, so a refused request
    /// changes nothing.
    /// </summary>
    public sealed partial class ShareService
    {
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;
        private readonly OfferVerifier _verifier;
        private readonly ILogger _log;
        private readonly Func<DateTimeOffset> _clock;
        /// <summary>Rows read per query page.</summary>
        internal const int PageSize = 1000;

        public ShareService(WorkspaceStore workspace, RuleSet rules, ILogger? logger = null, Func<DateTimeOffset>? clock = null)
        {
            _ws = workspace;
            _rules = rules;
            _verifier = new OfferVerifier(rules);
            Pricer = new MarketPricer(rules, workspace.Rates.Get);
            _log = logger ?? NullLogger.Instance;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            DeliveryNames = DeliveryName;
        }

        public RuleSet Rules => _rules;

        /// <summary>
        /// Prices offers and chooses exchange rates for this service's rules and workspace (the rates it chose are kept until
        /// <see cref="MarketPricer.ClearRateCache"/>); the connection service prices with the same one.
        /// </summary>
        public MarketPricer Pricer { get; }

        /// <summary>
        /// A delivery method's display name by (market, method id), from this service's rules: what the workspace's share reads
        /// take, so each service names the methods of its own rules (services of other rules may share the workspace).
        /// </summary>
        public Func<string, string, string> DeliveryNames { get; }
        public WorkspaceStore Workspace => _ws;

        /// <summary>The market offers are listed on when an input record names none: the first base market of the rules.</summary>
        public string DefaultBaseMarket
        {
            get
            {
                foreach (var m in _rules.Markets) if (m.IsBase) return m.Id;
                throw new ListingPsException(ErrorIds.UnknownMarket, "The rules define no base market (base: true).");
            }
        }

        /// <summary>
        /// Takes the workspace's write lock now (the pipeline's transaction; a no-op when it is open), before the reads that the
        /// next write depends on: what <see cref="Prepare(OfferFields, string?)"/> reads then cannot be changed by another process
        /// before it is written over. Writers call it before Prepare; <see cref="Test"/> does not.
        /// </summary>
        public void BeginWrite() => _ws.BeginWrite();

        /// <summary>Parses and checks an input record against the stored offer, without writing.</summary>
        public PreparedOffer Prepare(OfferFields fields) => Prepare(fields, null);

        /// <summary>
        /// Parses and checks an input record against the stored offer, without writing. <paramref name="shareMarket"/>: the market
        /// the offer is about to be submitted to; its stored share is read in the same query, for
        /// <see cref="Submit(PreparedOffer, string, SubmitOptions)"/>.
        /// </summary>
        public PreparedOffer Prepare(OfferFields fields, string? shareMarket)
        {
            var id = fields.OfferId?.Trim();
            string? market = shareMarket != null && _rules.TryGetMarket(shareMarket, out var m) ? m.Id : null;
            StoredShare? share = null;
            var existing = string.IsNullOrEmpty(id) ? null : _ws.OfferStore.Get(id!, market, out share);
            var offer = OfferParser.Parse(fields, existing, DefaultBaseMarket, _rules);
            offer.IsStored = existing != null;
            var own = _rules.GetMarket(offer.Market);
            if (offer.Price.HasValue)
            {
                var currency = _rules.GetCurrency(own.Currency);
                if (!MoneyRounding.IsOnStep(offer.Price.Value, currency))
                    throw new ListingPsException(ErrorIds.InvalidPricePrecision,
                        string.Format(CultureInfo.InvariantCulture, "Offer '{0}'{1}: Price {2} {3} is not a whole multiple of {4} {3}.",
                            offer.OfferId, fields.Origin != null ? " (" + fields.Origin + ")" : "", offer.Price.Value, own.Currency, currency.Step));
            }
            offer.UpdatedAt = _clock();
            return new PreparedOffer(_ws, offer, existing, market, share);
        }

        /// <summary>
        /// Stores the prepared offer unless the workspace held exactly these fields when it was prepared (then it keeps its
        /// time); an offer prepared from a workspace that was written since is stored again.
        /// </summary>
        private void StoreOffer(PreparedOffer prepared)
        {
            var offer = prepared.Offer;
            var stored = prepared.IsCurrentFor(_ws) ? prepared.Stored : null;
            if (stored != null && (ReferenceEquals(offer, stored) || OfferStore.SameStoredFields(offer, stored))) offer.UpdatedAt = stored.UpdatedAt;
            else _ws.Offers.Upsert(offer);
            offer.IsStored = true;
            prepared.Written();
        }

        /// <summary>
        /// Adds or updates the prepared offer (not written when the workspace holds exactly these fields); its existing shares
        /// are verified again (converter prices follow the new base price).
        /// </summary>
        public IReadOnlyList<ShareRecord> Import(PreparedOffer prepared)
        {
            if (!prepared.IsCurrentFor(_ws)) return Import(prepared.Offer);
            bool isNew = prepared.Stored == null;
            StoreOffer(prepared);
            return VerifyStoredShares(prepared.Offer, isNew);
        }

        /// <summary>Adds or updates an offer built by the caller; its existing shares are verified again.</summary>
        public IReadOnlyList<ShareRecord> Import(Offer offer)
        {
            bool isNew = !offer.IsStored && !_ws.Offers.Exists(offer.OfferId);
            _ws.Offers.Upsert(offer);
            offer.IsStored = true;
            return VerifyStoredShares(offer, isNew);
        }

        private IReadOnlyList<ShareRecord> VerifyStoredShares(Offer offer, bool isNew)
        {
            IReadOnlyList<ShareRecord> updated = Array.Empty<ShareRecord>();
            if (!isNew)
            {
                var shares = _ws.Shares.GetForOffer(offer.OfferId, DeliveryNames);
                if (shares.Count > 0)
                {
                    var list = new List<ShareRecord>(shares.Count);
                    foreach (var old in shares)
                    {
                        if (old.State == ShareState.Withdrawn || !_rules.TryGetMarket(old.Market, out var market)) continue;
                        var request = old.PriceSource == PriceSource.Manual && old.Price.HasValue ? PriceRequest.Own(old.Price.Value)
                            : old.PriceSource == PriceSource.Converter || market.Policy == null || market.Policy.ConverterByDefault ? PriceRequest.Converter : null;
                        bool auto = old.AutoTranslate;
                        var record = Evaluate(offer, market, request, auto, null);
                        _ws.Shares.Upsert(record, auto, old.Reasons.Count > 0);
                        list.Add(record);
                    }
                    updated = list;
                }
            }
            _ws.RecordWritten();
            return updated;
        }

        /// <summary>
        /// Shares the prepared offer to an additional market: stores the offer (unless unchanged), prices it (own price or
        /// converter), verifies it. The stored share Prepare read for this market is not read again.
        /// </summary>
        public ShareRecord Submit(PreparedOffer prepared, string marketId, SubmitOptions options) => Share(prepared.Offer, prepared, marketId, options, write: true);

        /// <summary>Shares an offer built by the caller: as <see cref="Submit(PreparedOffer, string, SubmitOptions)"/>, the stored share read here.</summary>
        public ShareRecord Submit(Offer offer, string marketId, SubmitOptions options) => Share(offer, null, marketId, options, write: true);

        /// <summary>
        /// What <see cref="Submit(PreparedOffer, string, SubmitOptions)"/> would make of the offer (the same price and
        /// verification, a stored own price and automatic translation counted), without writing anything.
        /// </summary>
        public ShareRecord Test(PreparedOffer prepared, string marketId, SubmitOptions options) => Share(prepared.Offer, prepared, marketId, options, write: false);

        /// <summary>What <see cref="Submit(Offer, string, SubmitOptions)"/> would make of an offer built by the caller, without writing anything.</summary>
        public ShareRecord Test(Offer offer, string marketId, SubmitOptions options) => Share(offer, null, marketId, options, write: false);

        private ShareRecord Share(Offer offer, PreparedOffer? prepared, string marketId, SubmitOptions options, bool write)
        {
            var market = AdditionalMarket(marketId, write ? "submitted to" : "checked against");
            CheckSharesFrom(offer, market);
            var existing = prepared != null && prepared.KnowsShareOn(_ws, market.Id) ? prepared.Share : _ws.ShareStore.GetStored(market.Id, offer.OfferId);
            PriceRequest? request;
            if (options.Price.HasValue)
            {
                CheckOwnPrice(offer, market, options.Price.Value);
                request = PriceRequest.Own(options.Price.Value);
            }
            else if (existing != null && existing.PriceSource == PriceSource.Manual && existing.Price.HasValue)
                request = PriceRequest.Own(existing.Price.Value); // the converter stays off for an offer priced by hand
            else
                request = market.Policy != null && !market.Policy.ConverterByDefault ? null : PriceRequest.Converter;

            bool auto = options.AutoTranslate || (existing != null && existing.AutoTranslate);
            var record = Evaluate(offer, market, request, auto, options.ExchangeRate);
            if (!write) return record;
            if (prepared != null) StoreOffer(prepared);
            else { _ws.Offers.Upsert(offer); offer.IsStored = true; }
            _ws.ShareStore.Write(record, auto, existing?.Reasons);
            _ws.RecordWritten();
            if (_log.IsEnabled(LogLevel.Debug))
                _log.LogDebug("{OfferId} -> {Market}: {State} {Reasons}", offer.OfferId, market.Id, record.State, ReasonCodes.Encode(record.Reasons));
            return record;
        }

        /// <summary>Sets the offer's market price (own or converter) and verifies the offer again against every condition.</summary>
        public ShareRecord SetPrice(string offerId, string marketId, PriceRequest request, decimal? exchangeRate = null)
        {
            var market = AdditionalMarket(marketId, "priced on");
            _ws.BeginWrite(); // the offer and share read here are the ones written over
            var offer = _ws.OfferStore.Get(offerId, market.Id, out var existing) ?? throw OfferNotFound(offerId);
            CheckSharesFrom(offer, market);
            if (!offer.Price.HasValue)
                throw new ListingPsException(ErrorIds.NoBasePrice,
                    "Offer '" + offerId + "' has no " + _rules.BaseOf(market).Currency + " price on " + offer.Market +
                    "; set the base price (Import-Offer -Price) before its " + market.Currency + " price.", ErrorKind.InvalidOperation);
            if (request.Price.HasValue) CheckOwnPrice(offer, market, request.Price.Value);
            bool auto = existing != null && existing.AutoTranslate;
            var record = Evaluate(offer, market, request, auto, exchangeRate);
            if (existing != null && existing.State == ShareState.Withdrawn)
            {
                record.State = ShareState.Withdrawn;
                record.Reasons = Array.Empty<Reason>();
                record.Warnings = Append(record.Warnings,
                    "Withdrawn: the offer stays withdrawn from " + market.Id + "; Submit-Offer shares it again with this price.");
            }
            _ws.ShareStore.Write(record, auto, existing?.Reasons);
            _ws.RecordWritten();
            return record;
        }

        /// <summary>Withdraws the offer from the market; the price is kept for a later submission.</summary>
        public ShareRecord Withdraw(string offerId, string marketId)
        {
            var market = AdditionalMarket(marketId, "withdrawn from");
            _ws.BeginWrite();
            var existing = _ws.Shares.Get(market.Id, offerId, DeliveryNames);
            if (existing == null)
            {
                if (_ws.Offers.Get(offerId) == null) throw OfferNotFound(offerId);
                throw new ListingPsException(ErrorIds.OfferNotShared,
                    "Offer '" + offerId + "' is not shared to " + market.Id + "; there is nothing to withdraw.", ErrorKind.ObjectNotFound);
            }
            if (existing.State == ShareState.Withdrawn) return existing;
            bool auto = existing.AutoTranslate;
            existing.State = ShareState.Withdrawn;
            bool hadReasons = existing.Reasons.Count > 0;
            existing.Reasons = Array.Empty<Reason>();
            existing.Warnings = Array.Empty<string>();
            existing.UpdatedAt = _clock();
            _ws.Shares.Upsert(existing, auto, hadReasons);
            _ws.RecordWritten();
            return existing;
        }

        /// <summary>Prices and verifies one offer on one market. A null request leaves the offer without a market price.</summary>
        internal ShareRecord Evaluate(Offer offer, MarketRule market, PriceRequest? request, bool autoTranslate, decimal? rateOverride)
        {
            var priced = Pricer.Price(offer, market, request, rateOverride);
            var rate = priced.Rate;
            var result = _verifier.Verify(offer, market, new MarketPrice(priced.Price, priced.Source, priced.ConvertedBase), autoTranslate, rate?.Rate);
            return new ShareRecord
            {
                OfferId = offer.OfferId,
                Market = market.Id,
                State = result.State,
                Reasons = result.Reasons,
                Warnings = result.Warnings,
                Price = priced.Price,
                Currency = market.Currency,
                PriceSource = priced.Source,
                BasePrice = offer.Price,
                BaseCurrency = priced.BaseCurrency,
                ExchangeRate = rate?.Rate,
                RateSource = rate?.Source,
                Translation = result.Translation,
                AutoTranslate = autoTranslate,
                Delivery = result.Delivery,
                OfferStatus = offer.Status,
                UpdatedAt = _clock(),
            };
        }

        private MarketRule AdditionalMarket(string marketId, string verb)
        {
            var market = _rules.GetMarket(marketId);
            if (market.IsBase)
                throw new ListingPsException(ErrorIds.BaseMarketFixed,
                    market.Id + " is a base market: every active offer is on it and it cannot be " + verb + " or deselected.",
                    ErrorKind.InvalidOperation);
            if (string.IsNullOrEmpty(market.ShareFrom))
                throw new ListingPsException(ErrorIds.NotAnAdditionalMarket,
                    market.Id + " takes no shared offers (it has no base market to share from); use New-MarketConnection for " + market.Platform + " markets.",
                    ErrorKind.InvalidArgument);
            return market;
        }

        private void CheckSharesFrom(Offer offer, MarketRule market)
        {
            if (!string.Equals(offer.Market, market.ShareFrom, StringComparison.OrdinalIgnoreCase))
                throw new ListingPsException(ErrorIds.NotAnAdditionalMarket,
                    "Offer '" + offer.OfferId + "' is listed on " + offer.Market + "; " + market.Id + " shares offers from " + market.ShareFrom + " only.",
                    ErrorKind.InvalidArgument);
        }

        private void CheckOwnPrice(Offer offer, MarketRule market, decimal price)
        {
            var currency = _rules.GetCurrency(market.Currency);
            if (market.KeepsBasePrice)
                throw new ListingPsException(ErrorIds.InvalidPrice,
                    market.Id + " carries the base price unchanged; its price comes from the converter and cannot be set by hand.",
                    ErrorKind.InvalidOperation);
            if (!offer.Price.HasValue)
                throw new ListingPsException(ErrorIds.NoBasePrice,
                    "Offer '" + offer.OfferId + "' has no " + _rules.BaseOf(market).Currency + " price; set the base price before its " + market.Currency + " price.",
                    ErrorKind.InvalidOperation);
            if (price <= 0)
                throw new ListingPsException(ErrorIds.InvalidPrice,
                    string.Format(CultureInfo.InvariantCulture, "Offer '{0}': the {1} price must be greater than zero (got {2}).", offer.OfferId, market.Currency, price),
                    ErrorKind.InvalidArgument);
            if (!MoneyRounding.IsOnStep(price, currency))
                throw new ListingPsException(ErrorIds.InvalidPricePrecision,
                    string.Format(CultureInfo.InvariantCulture, "Offer '{0}': {1} {2} is not a valid {2} price on {3}; {2} prices are whole multiples of {4}{5}.",
                        offer.OfferId, price, market.Currency, market.Id, currency.Step, currency.Step == 1m ? " (no decimals)" : ""),
                    ErrorKind.InvalidArgument);
        }

        private string DeliveryName(string marketId, string methodId)
        {
            if (_rules.TryGetMarket(marketId, out var m) && m.Policy != null && m.Policy.DeliveryMethods.TryGetValue(methodId, out var rule))
                return rule.Name;
            return methodId;
        }

        private static ListingPsException OfferNotFound(string offerId) =>
            new ListingPsException(ErrorIds.OfferNotFound, "Offer '" + offerId + "' is not in the workspace assortment; import it first (Import-Offer).", ErrorKind.ObjectNotFound);

        private static IReadOnlyList<string> Append(IReadOnlyList<string> list, string item)
        {
            var l = new List<string>(list) { item };
            return l;
        }
    }
}
