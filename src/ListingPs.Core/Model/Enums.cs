namespace ListingPs.Core.Model
{
    /// <summary>How an offer sells: only buy-now offers can be shared.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum SellingFormat { BuyNow, Auction, Classified }

    /// <summary>The seller account an offer was listed from.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum AccountType { Company, Personal }

    /// <summary>The offer's own status on its market.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum OfferStatus { Active, Inactive, Ended }

    /// <summary>Condition of the item (market connections).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum OfferCondition { New, Used }

    /// <summary>Who fulfils the order (market connections).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum FulfillmentMethod { Merchant, FBA }

    /// <summary>Publication state of an offer on one additional market (Allegro's publication states, plus Withdrawn).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum ShareState { NotRequested, Pending, InProgress, Approved, Refused, Withdrawn }

    /// <summary>Where a market price came from.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum PriceSource { None, Converter, Manual }

    /// <summary>How the offer's text reaches the market's language.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum TranslationKind { None, Own, Automatic, NotRequired }
}
