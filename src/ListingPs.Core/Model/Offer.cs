using System;
using System.Collections.Generic;

namespace ListingPs.Core.Model
{
    /// <summary>An offer of the seller's assortment, as listed on its own (base) market.</summary>
    public sealed class Offer
    {
        public Offer(string offerId) { OfferId = offerId ?? throw new ArgumentNullException(nameof(offerId)); }

        public string OfferId { get; }
        public string? Title { get; set; }
        public string? Category { get; set; }
        /// <summary>Price on the offer's own market, in that market's currency; null when not set.</summary>
        public decimal? Price { get; set; }
        /// <summary>The currency of the offer's own market, as the rules in force name it when the offer is written out; empty when the rules do not know the market.</summary>
        public string Currency { get; set; } = "";
        public string Market { get; set; } = "";
        public SellingFormat SellingFormat { get; set; } = SellingFormat.BuyNow;
        public AccountType AccountType { get; set; } = AccountType.Company;
        public bool B2BOnly { get; set; }
        public bool Charity { get; set; }
        /// <summary>Catalogue product (Allegro product id, Amazon ASIN); null when the offer is not linked.</summary>
        public string? ProductId { get; set; }
        public OfferStatus Status { get; set; } = OfferStatus.Active;
        /// <summary>Delivery method ids; prints as "a;b", the form the offer input reads.</summary>
        public IReadOnlyList<string> DeliveryMethods { get => _deliveryMethods; set => _deliveryMethods = TextList<string>.From(value); }
        /// <summary>The Allegro shipping rate the delivery methods come from (Import-Offer -FromAllegro), or null: the local delivery check names it.</summary>
        public string? ShippingRate { get; set; }
        /// <summary>Languages the offer has a translation in; prints as "cs-CZ;sk-SK".</summary>
        public IReadOnlyList<string> Translations { get => _translations; set => _translations = TextList<string>.From(value); }
        private TextList<string> _deliveryMethods = TextList<string>.Empty;
        private TextList<string> _translations = TextList<string>.Empty;
        public OfferCondition Condition { get; set; } = OfferCondition.New;
        public FulfillmentMethod Fulfillment { get; set; } = FulfillmentMethod.Merchant;
        public DateTimeOffset UpdatedAt { get; set; }

        /// <summary>Whether the offer was already in the workspace when it was read or prepared (saves a lookup per record).</summary>
        internal bool IsStored { get; set; }

        public bool HasTranslation(string language)
        {
            var translations = _translations;
            for (int i = 0; i < translations.Count; i++)
            {
                if (LanguageMatches(translations[i], language)) return true;
            }
            return false;
        }

        /// <summary>"cs" matches "cs-CZ", "cs-CZ" matches "cs-CZ"; case-insensitive.</summary>
        internal static bool LanguageMatches(string have, string want)
        {
            if (string.Equals(have, want, StringComparison.OrdinalIgnoreCase)) return true;
            int dash = want.IndexOf('-');
            // have against the language part of want ("cs" of "cs-CZ"), without cutting it out.
            return dash > 0 && have.Length == dash && string.Compare(have, 0, want, 0, dash, StringComparison.OrdinalIgnoreCase) == 0;
        }
    }
}
