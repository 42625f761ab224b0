using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Shares offers to an additional market (allegro-cz, allegro-sk, allegro-hu) and verifies them.</para>
    /// <para type="description">Takes the same input as Import-Offer (the offer is stored too), prices the offer in the market
    /// currency - with -Price as an own price, otherwise with the price converter - and verifies it against the market's policy.
    /// Emits one share record per offer: Approved, Refused with every reason that applies, or Pending for an inactive offer.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Submit, "Offer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ShareRecord))]
    public sealed class SubmitOfferCommand : OfferInputCmdlet
    {
        /// <summary>The additional market to share to.</summary>
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

        private string? _action;
        private string? _activity;
        private long _count;
        private long _warned;

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
                    SubmitOne(fields, fields);
                }
            }
            else
            {
                var fields = CurrentFields();
                if (ParameterSetName == PipelineSet) fields.MarketPrice = MarketPrice;
                SubmitOne(fields, InputObject ?? PipelineObject ?? (object?)OfferId);
            }
        }

        private void SubmitOne(OfferFields fields, object? target)
        {
            Try(target, () =>
            {
                var offer = Shares.Prepare(fields, Market);
                var ownPrice = Price ?? OfferParser.ParsePrice(fields.MarketPrice ?? "", offer.OfferId, "MarketPrice", fields.Origin);
                if (!Confirm("Offer " + offer.OfferId, _action ??= "Share to " + Market)) return;
                var record = Shares.Submit(offer, Market, new SubmitOptions
                {
                    Price = ownPrice,
                    AutoTranslate = AutoTranslate.IsPresent,
                    ExchangeRate = ExchangeRate,
                });
                _count++;
                if (record.Warnings.Count > 0) _warned++;
                WriteObject(record);
                CommitIfDue();
                ReportProgress(1, _activity ??= "Sharing offers to " + Market, _count, -1, offer.OfferId);
            });
        }

        protected override void EndProcessing()
        {
            if (_warned > 0)
                Logger.LogWarning("{Warned} of {Count} offers shared to {Market} carry a warning (see the Warnings of their share records).", _warned, _count, Market);
            Logger.LogInformation("{Count} offers submitted to {Market}.", _count, Market);
            base.EndProcessing();
            CompleteProgress(1, "Sharing offers to " + Market);
        }
    }
}
