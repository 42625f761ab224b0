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
        /// <summary>Piped objects, read by property name in one pass: one bound parameter per object, the cheap path for large pipelines.</summary>
        protected const string InputObjectSet = "InputObject";
        /// <summary>Fields as parameters: on the command line, or bound by property name when a field is also given on the command line.</summary>
        protected const string PipelineSet = "Offer";
        protected const string PathSet = "Path";

        /// <summary>The offer's id on its own market (the SKU of a market connection).</summary>
        [Parameter(ParameterSetName = PipelineSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku", "Id")]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
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

        /// <summary>Offers as objects (Import-Csv rows, Get-Offer output, any object with an OfferId property). Their properties are
        /// read by name in one pass, the same names as this command's parameters; Get-Offer output passes whole and share records
        /// pass by OfferId. This is the path pipeline input takes unless a field is also given on the command line.</summary>
        [Parameter(ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>CSV or JSON files of offers to read instead of the pipeline; their columns (or JSON properties) are named like this
        /// command's parameters. Wildcards are resolved; a record that cannot be read is an error naming the file and line.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>The offer's own market as it arrived (Import-Offer's -Market; Submit-Offer takes it from the target market).</summary>
        protected virtual string? OwnMarketField => null;

        /// <summary>The base-market price given as a parameter (Import-Offer's -Price; Submit-Offer's -BasePrice, because its own
        /// -Price is the market price).</summary>
        protected abstract string? BasePriceField { get; }

        /// <summary>The fields of the current pipeline record.</summary>
        protected OfferFields CurrentFields()
        {
            if (ParameterSetName == InputObjectSet) return InputObject == null ? new OfferFields() : ReadObject(InputObject);
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

        /// <summary>Whether a piped object's Market property is the offer's own market (Import-Offer) or to be ignored (Submit-Offer).</summary>
        protected virtual bool ReadsOwnMarket => false;

        private enum Field { OfferId, Title, Category, Price, Market, SellingFormat, AccountType, B2BOnly, Charity, ProductId, Status, DeliveryMethods, Translations, Condition, Fulfillment, MarketPrice }

        private static readonly Dictionary<string, Field> FieldNames = new Dictionary<string, Field>(System.StringComparer.OrdinalIgnoreCase)
        {
            ["OfferId"] = Field.OfferId, ["Sku"] = Field.OfferId, ["Id"] = Field.OfferId,
            ["Title"] = Field.Title, ["Name"] = Field.Title,
            ["Category"] = Field.Category,
            ["Price"] = Field.Price, ["BasePrice"] = Field.Price,
            ["Market"] = Field.Market,
            ["SellingFormat"] = Field.SellingFormat, ["AccountType"] = Field.AccountType,
            ["B2BOnly"] = Field.B2BOnly, ["Charity"] = Field.Charity,
            ["ProductId"] = Field.ProductId, ["ASIN"] = Field.ProductId,
            ["Status"] = Field.Status,
            ["DeliveryMethods"] = Field.DeliveryMethods, ["Translations"] = Field.Translations,
            ["Condition"] = Field.Condition, ["Fulfillment"] = Field.Fulfillment,
            ["MarketPrice"] = Field.MarketPrice, ["CzkPrice"] = Field.MarketPrice,
        };

        /// <summary>
        /// Reads a piped object's properties by name in one pass (what binding by property name does, without binding fifteen
        /// parameters per object). Values convert as the binder would: numbers and dates in the invariant culture, arrays as lists.
        /// </summary>
        internal OfferFields ReadObject(PSObject input)
        {
            var baseObject = input.BaseObject;
            if (baseObject is ShareRecord share) return new OfferFields { OfferId = share.OfferId };
            if (baseObject is Offer offer) return FromOffer(offer);
            var f = new OfferFields();
            foreach (var property in input.Properties)
            {
                if (!FieldNames.TryGetValue(property.Name, out var field)) continue;
                object? value;
                try { value = property.Value; }
                catch (GetValueException) { continue; }
                switch (field)
                {
                    case Field.DeliveryMethods: f.DeliveryMethods ??= List(value); break;
                    case Field.Translations: f.Translations ??= List(value); break;
                    case Field.OfferId: f.OfferId ??= Text(value); break;
                    case Field.Title: f.Title ??= Text(value); break;
                    case Field.Category: f.Category ??= Text(value); break;
                    case Field.Price: f.Price ??= Text(value); break;
                    case Field.Market: if (ReadsOwnMarket) f.Market ??= Text(value); break;
                    case Field.SellingFormat: f.SellingFormat ??= Text(value); break;
                    case Field.AccountType: f.AccountType ??= Text(value); break;
                    case Field.B2BOnly: f.B2BOnly ??= Text(value); break;
                    case Field.Charity: f.Charity ??= Text(value); break;
                    case Field.ProductId: f.ProductId ??= Text(value); break;
                    case Field.Status: f.Status ??= Text(value); break;
                    case Field.Condition: f.Condition ??= Text(value); break;
                    case Field.Fulfillment: f.Fulfillment ??= Text(value); break;
                    case Field.MarketPrice: f.MarketPrice ??= Text(value); break;
                }
            }
            return f;
        }

        /// <summary>A property value as the offer input reads it: text in the invariant culture, lists joined with ';'.</summary>
        protected static string Text(object? value)
        {
            if (value == null) return "";
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is string s) return s;
            if (value is bool b) return b ? "True" : "False";
            if (value is System.IFormattable formattable) return formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
            if (value is System.Collections.IEnumerable e)
            {
                var parts = new List<string>();
                foreach (var item in e) parts.Add(Text(item));
                return string.Join(";", parts);
            }
            return value.ToString() ?? "";
        }

        private static IReadOnlyList<string> List(object? value)
        {
            if (value is PSObject pso) value = pso.BaseObject;
            if (value == null) return new string[0];
            if (value is string s) return new[] { s };
            if (value is System.Collections.IEnumerable e)
            {
                var items = new List<string>();
                foreach (var item in e) items.Add(Text(item));
                return items;
            }
            return new[] { Text(value) };
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
