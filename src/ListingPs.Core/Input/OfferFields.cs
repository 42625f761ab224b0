using System.Collections.Generic;

namespace ListingPs.Core.Input
{
    /// <summary>
    /// An offer as it arrives from the pipeline or a file: every value as text, the way Import-Csv produces it. A null field
    /// was not supplied (an update keeps the stored value); an empty one was supplied empty ("" is false for a flag, no price
    /// for Price).
    /// </summary>
    public sealed class OfferFields
    {
        public string? OfferId { get; set; }
        public string? Title { get; set; }
        public string? Category { get; set; }
        public string? Price { get; set; }
        public string? Market { get; set; }
        public string? SellingFormat { get; set; }
        public string? AccountType { get; set; }
        public string? B2BOnly { get; set; }
        public string? Charity { get; set; }
        public string? ProductId { get; set; }
        public string? Status { get; set; }
        public IReadOnlyList<string>? DeliveryMethods { get; set; }
        /// <summary>The Allegro shipping rate the delivery methods come from (null: the stored one stays while the methods stay the same; other methods clear it).</summary>
        public string? ShippingRate { get; set; }
        public IReadOnlyList<string>? Translations { get; set; }
        public string? Condition { get; set; }
        public string? Fulfillment { get; set; }

        /// <summary>An own price on the market the offer is submitted to (Submit-Offer's MarketPrice column); not part of the offer.</summary>
        public string? MarketPrice { get; set; }

        /// <summary>Where the record came from, for error messages ("offers.csv line 12"); null for pipeline input.</summary>
        public string? Origin { get; set; }
    }
}
