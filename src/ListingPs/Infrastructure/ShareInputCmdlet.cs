using System.Management.Automation;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// What Submit-Offer and Test-Offer share: the offer input of Import-Offer plus the market, an own market price and the
    /// pricing options. Derived commands say what to do with each prepared offer (<see cref="ProcessPreparedOffer"/>).
    /// </summary>
    public abstract class ShareInputCmdlet : OfferInputCmdlet
    {
        /// <summary>The additional market (allegro-cz, allegro-sk, allegro-hu).</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(AdditionalMarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        /// <summary>An own price in the market currency (whole crowns for CZK). Without it the converter prices the offer.
        /// (The piped record's Price property is its base-market price.)</summary>
        [Parameter]
        public decimal? Price { get; set; }

        /// <summary>An own market price per record (a MarketPrice or CzkPrice column); -Price wins over it. Empty: the converter.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [Alias("CzkPrice")]
        public string? MarketPrice { get; set; }

        /// <summary>The offer's price on its own market, when fields are given as parameters (a piped object's Price or BasePrice property is read as the base price too).</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        public string? BasePrice { get; set; }

        /// <summary>The piped object itself when its fields bind by property name (a field was given on the command line): its Price
        /// property is read as the base price, since this command's own -Price is the market price.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipelineObject { get; set; }

        /// <summary>Requests automatic translation into the market's language (counts as a translation).</summary>
        [Parameter]
        public SwitchParameter AutoTranslate { get; set; }

        /// <summary>Rate (base currency to market currency) to use instead of the workspace's or the rules'.</summary>
        [Parameter]
        [ValidateRange(0.000001, 1000000)]
        public decimal? ExchangeRate { get; set; }

        protected override string? BasePriceField => BasePrice ?? PipedBasePrice();

        /// <summary>A piped row's Price (an Import-Csv row, an offer); not a share record's, whose Price is a market price.</summary>
        private string? PipedBasePrice()
        {
            if (PipelineObject == null || PipelineObject.BaseObject is ShareRecord) return null;
            var property = PipelineObject.Properties["Price"];
            if (property == null) return null;
            object? value;
            try { value = property.Value; }
            catch (GetValueException) { return null; }
            return Text(value);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                foreach (var fields in ReadPaths())
                {
                    if (Stopping) break;
                    ProcessInputRecord(fields, fields);
                }
            }
            else
            {
                var fields = CurrentFields();
                if (ParameterSetName == PipelineSet) fields.MarketPrice = MarketPrice;
                ProcessInputRecord(fields, InputObject ?? PipelineObject ?? (object?)OfferId);
            }
        }

        /// <summary>
        /// One input record: takes the write lock when the command writes, prepares the offer against the stored one, reads
        /// its own market price, and hands it to <see cref="ProcessPreparedOffer"/>; an engine error becomes the record's error.
        /// </summary>
        private void ProcessInputRecord(OfferFields fields, object? target)
        {
            Try(target, () =>
            {
                if (Writes) Shares.BeginWrite(); // before the stored offer and share are read, as they are written over
                var offer = Shares.Prepare(fields, Market);
                var options = new SubmitOptions
                {
                    Price = Price ?? OfferParser.ParsePrice(fields.MarketPrice ?? "", offer.OfferId, "MarketPrice", fields.Origin),
                    AutoTranslate = AutoTranslate.IsPresent,
                    ExchangeRate = ExchangeRate,
                };
                ProcessPreparedOffer(offer, options);
            });
        }

        /// <summary>Whether the command writes (Submit-Offer) or only checks (Test-Offer, which never takes the write lock).</summary>
        protected virtual bool Writes => true;

        /// <summary>Does the command's work for one prepared offer (inside the per-record error handling).</summary>
        protected abstract void ProcessPreparedOffer(PreparedOffer offer, SubmitOptions options);
    }
}
