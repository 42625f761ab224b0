using System.Collections.Generic;
using System.Management.Automation;
using ListingPs.Core.Input;
using ListingPs.Core.Model;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// Offer fields bound by property name, as Import-Csv produces them (all text): "True"/"false"/"1"/"0"/"" for flags,
    /// "a;b" for lists. Typed objects bind too. Extra properties are ignored. ListingPs's own records (Get-Offer output) pass
    /// whole; share records (Get-VerificationStatus output) pass by OfferId only, since their Price is a market price.
    /// </summary>
    public abstract class OfferInputCmdlet : ListingPsCmdlet
    {
        protected const string PipelineSet = "Offer";
        protected const string PathSet = "Path";

        /// <summary>The offer's id on its own market (the SKU of a market connection).</summary>
        [Parameter(ParameterSetName = PipelineSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku", "Id")]
        public string? OfferId { get; set; }

        /// <summary>The offer's title on its own market.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string? Title { get; set; }

        /// <summary>Category id or path on the offer's own market ("Dom i Ogród/Meble").</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CategoryCompleter))]
        public string? Category { get; set; }

        /// <summary>BuyNow (default), Auction or Classified.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SellingFormatCompleter))]
        public string? SellingFormat { get; set; }

        /// <summary>Company (default) or Personal.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountTypeCompleter))]
        public string? AccountType { get; set; }

        /// <summary>Business-only offer (B2B badge): True/False/1/0/empty.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlagCompleter))]
        public string? B2BOnly { get; set; }

        /// <summary>Charity offer: True/False/1/0/empty.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FlagCompleter))]
        public string? Charity { get; set; }

        /// <summary>Catalogue product the offer is linked to (ASIN for Amazon); empty when not linked.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ASIN")]
        public string? ProductId { get; set; }

        /// <summary>Active (default), Inactive or Ended.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferStatusCompleter))]
        public string? Status { get; set; }

        /// <summary>Delivery method ids ("allegro-dhl-cz;packeta-locker-cz" or an array).</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DeliveryMethodCompleter))]
        public string[]? DeliveryMethods { get; set; }

        /// <summary>Languages the offer has a translation in ("cs-CZ;sk-SK").</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LanguageCompleter))]
        public string[]? Translations { get; set; }

        /// <summary>New (default) or Used (market connections).</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConditionCompleter))]
        public string? Condition { get; set; }

        /// <summary>Merchant (default) or FBA (market connections).</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FulfillmentCompleter))]
        public string? Fulfillment { get; set; }

        /// <summary>The pipeline object itself, so ListingPs's own records are recognised. Not for direct use.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>CSV or JSON files of offers to read instead of the pipeline; their columns (or JSON properties) are named like this
        /// command's parameters. Wildcards are resolved; a record that cannot be read is an error naming the file and line.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>The offer's own market as it arrived (Import-Offer's -Market; Submit-Offer takes it from the target market).</summary>
        protected virtual string? OwnMarketField => null;

        /// <summary>The base-market price as it arrived (Import-Offer's -Price; Submit-Offer reads the record's Price property,
        /// because its own -Price is the market price).</summary>
        protected abstract string? BasePriceField { get; }

        /// <summary>A property of the pipeline object as text (invariant culture), or null when it has none.</summary>
        protected string? InputProperty(params string[] names)
        {
            if (InputObject == null) return null;
            foreach (var name in names)
            {
                var p = InputObject.Properties[name];
                if (p == null) continue;
                var v = p.Value;
                if (v == null) return "";
                if (v is PSObject pso) v = pso.BaseObject;
                return v is System.IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : v.ToString();
            }
            return null;
        }

        /// <summary>The fields of the current pipeline record.</summary>
        protected OfferFields CurrentFields()
        {
            var base_ = InputObject?.BaseObject;
            if (base_ is ShareRecord share) return new OfferFields { OfferId = share.OfferId };
            if (base_ is Offer offer) return FromOffer(offer);
            return new OfferFields
            {
                OfferId = OfferId,
                Title = Title,
                Category = Category,
                Price = BasePriceField,
                Market = OwnMarketField,
                SellingFormat = SellingFormat,
                AccountType = AccountType,
                B2BOnly = B2BOnly,
                Charity = Charity,
                ProductId = ProductId,
                Status = Status,
                DeliveryMethods = DeliveryMethods,
                Translations = Translations,
                Condition = Condition,
                Fulfillment = Fulfillment,
            };
        }

        internal static OfferFields FromOffer(Offer o) => new OfferFields
        {
            OfferId = o.OfferId,
            Title = o.Title ?? "",
            Category = o.Category ?? "",
            Price = o.Price.HasValue ? o.Price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            Market = o.Market,
            SellingFormat = o.SellingFormat.ToString(),
            AccountType = o.AccountType.ToString(),
            B2BOnly = o.B2BOnly ? "1" : "0",
            Charity = o.Charity ? "1" : "0",
            ProductId = o.ProductId ?? "",
            Status = o.Status.ToString(),
            DeliveryMethods = new List<string>(o.DeliveryMethods),
            Translations = new List<string>(o.Translations),
            Condition = o.Condition.ToString(),
            Fulfillment = o.Fulfillment.ToString(),
        };

        /// <summary>The records of the -Path files, streamed; unreadable records become errors naming file and line.</summary>
        protected IEnumerable<OfferFields> ReadPaths()
        {
            foreach (var p in Path!)
            {
                ProviderInfo provider;
                IEnumerable<string> files;
                try
                {
                    files = GetResolvedProviderPathFromPSPath(p, out provider);
                }
                catch (ItemNotFoundException ex)
                {
                    WriteError(new ErrorRecord(ex, "InputFileNotFound", ErrorCategory.ObjectNotFound, p));
                    continue;
                }
                foreach (var file in files)
                {
                    IEnumerator<OfferFields> records;
                    try { records = OfferFileReader.Read(file).GetEnumerator(); }
                    catch (Core.ListingPsException ex) { WriteError(ToErrorRecord(ex, file)); continue; }
                    while (true)
                    {
                        OfferFields current;
                        try
                        {
                            if (!records.MoveNext()) break;
                            current = records.Current;
                        }
                        catch (Core.ListingPsException ex)
                        {
                            // A file that cannot be read on: the records before it were processed, the rest of it is not.
                            WriteError(ToErrorRecord(ex, file));
                            break;
                        }
                        yield return current;
                    }
                    records.Dispose();
                }
            }
        }
    }
}
